package io.modelhouse.template;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A template bundle as read from {@code tenant-templates/<key>/}: {@code template.yaml} (metadata,
 * persona, roles), {@code org.yaml} (org chart) and {@code records.yaml} (record types, generators,
 * samples). The format is documented in {@code tenant-templates/README.md}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateBundle(Meta meta, Org org, Records records, Workspace workspace, Integrations integrations,
        Scenarios scenarios, Knowledge knowledge) {

    /** Who wrote or is meant: a template role's seat, or someone of an org unit. */
    public record PersonRef(String role, String unit) {
    }

    public record Workspace(List<Channel> channels, List<Announcement> announcements, List<ApprovalFlow> approvalFlows,
            List<Task> tasks) {
        public Workspace {
            channels = channels == null ? List.of() : channels;
            announcements = announcements == null ? List.of() : announcements;
            approvalFlows = approvalFlows == null ? List.of() : approvalFlows;
            tasks = tasks == null ? List.of() : tasks;
        }
    }

    public record Channel(String key, Localized name, String unit, List<Message> messages) {
        public Channel {
            messages = messages == null ? List.of() : messages;
        }
    }

    public record Message(PersonRef from, String when, String text) {
    }

    public record Announcement(String title, String body, PersonRef from, String when, Boolean pinned) {
    }

    public record ApprovalFlow(String key, Localized name, List<PersonRef> steps, List<ApprovalRequest> requests) {
        public ApprovalFlow {
            steps = steps == null ? List.of() : steps;
            requests = requests == null ? List.of() : requests;
        }
    }

    public record ApprovalRequest(String title, PersonRef from, Double amount, String status, String when) {
    }

    public record Task(String title, PersonRef assignee, String due, String status) {
    }

    public record Integrations(List<Integration> integrations) {
        public Integrations {
            integrations = integrations == null ? List.of() : integrations;
        }
    }

    public record Integration(String key, String type, Localized name, Map<String, Object> settings, List<SyncEntry> syncLog,
            Broken broken) {
        public Integration {
            syncLog = syncLog == null ? List.of() : syncLog;
            settings = settings == null ? Map.of() : settings;
        }
    }

    /**
     * An integration delivered broken, for the IT scenario to fix: its connection test fails with
     * {@code problem} while setting {@code setting} still has the value it was delivered with.
     */
    public record Broken(String setting, Localized problem) {
    }

    public record SyncEntry(String when, String status, Localized message) {
    }

    public record Scenarios(List<Scenario> scenarios) {
        public Scenarios {
            scenarios = scenarios == null ? List.of() : scenarios;
        }
    }

    public record Scenario(String key, String role, Localized title, List<Step> steps) {
        public Scenario {
            steps = steps == null ? List.of() : steps;
        }
    }

    /**
     * A step and what completes it: a usage event of type {@code event} on the step's feature (and
     * with {@code target}, when one is named), done by the person themselves.
     */
    public record Step(String feature, String event, String target, Localized title) {

        /** The usage feature key the step's events carry ({@code org} is the org chart's {@code org_chart}). */
        public String usageFeature() {
            return "org".equals(feature) ? "org_chart" : feature;
        }
    }

    public record Knowledge(List<Document> documents) {
        public Knowledge {
            documents = documents == null ? List.of() : documents;
        }
    }

    /** A document of the knowledge pack; {@code roles} are the roles it is written for, {@code body} Markdown. */
    public record Document(String key, String stage, String kind, Localized title, Localized summary, List<String> audience,
            List<String> roles, Localized body) {
        public Document {
            audience = audience == null ? List.of() : audience;
            roles = roles == null ? List.of() : roles;
        }
    }

    public record Meta(String key, Localized name, String customerType, Localized description, long seed,
            String timeZone, String city, Defaults defaults, Persona persona, List<Role> roles) {
    }

    public record Defaults(int trialDays, int seatLimit) {
    }

    public record Persona(Localized industry, Localized size, List<Localized> painPoints) {
    }

    /** A role in the customer's decision chain; influence is EB, UB or TB. */
    /**
     * A role of the customer's decision chain; {@code valueMoments} are the key actions that show it
     * got real value (pre-sales' "aha"), each named by the usage event that proves it, like a scenario step.
     */
    public record Role(String key, Localized name, String influence, Localized cares, String unit, String title,
            List<Step> valueMoments) {
        public Role {
            valueMoments = valueMoments == null ? List.of() : valueMoments;
        }
    }

    public record Org(List<Unit> units) {
    }

    public record Unit(String key, Localized name, List<Position> positions, List<Unit> units) {
        public List<Position> positionsOrEmpty() {
            return positions == null ? List.of() : positions;
        }

        public List<Unit> unitsOrEmpty() {
            return units == null ? List.of() : units;
        }
    }

    public record Position(Localized title, int count) {
    }

    public record Records(Map<String, List<String>> vocab, List<RecordType> types) {
    }

    public record RecordType(String key, Localized name, String refPrefix, List<Status> statuses,
            List<Field> fields, List<String> listColumns, Generate generate, List<Sample> samples) {
    }

    public record Status(String key, Localized name) {
    }

    /** type: text, number, money, person, district, date. */
    public record Field(String key, Localized name, String type) {
    }

    public record Generate(int count, String title, When when, Map<String, Map<String, Integer>> status,
            Map<String, FieldGenerator> fields) {
    }

    public record When(int fromDays, int toDays, List<Integer> hours, boolean workdaysOnly) {
    }

    /**
     * Exactly one of: pick (a vocab list; {@code unique: true} draws without repeats while the list
     * lasts), min/max (a number), person (an org unit key), district.
     */
    public record FieldGenerator(String pick, Boolean unique, Double min, Double max, String person, Boolean district) {
    }

    public record Sample(String title, String status, String when, Map<String, Object> fields) {
    }

    public Role role(String key) {
        return meta.roles().stream().filter(r -> r.key().equals(key)).findFirst().orElse(null);
    }
}
