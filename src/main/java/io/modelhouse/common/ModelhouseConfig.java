package io.modelhouse.common;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every {@code modelhouse.*} setting, typed, in one place. Schedules are read by the jobs' own
 * {@code @Scheduled} expressions (which carry their defaults); they are declared here so that a
 * misspelt key in application.properties fails the start instead of being ignored.
 */
@ConfigMapping(prefix = "modelhouse")
public interface ModelhouseConfig {

    /** Where people reach the app: login links and mails point here. */
    String publicUrl();

    /** Seals pooled accounts' generated passwords at rest (AES-GCM). */
    String secretKey();

    /** This node's name in the job ledger; host:pid when not set. */
    Optional<String> instance();

    Db db();

    Keycloak keycloak();

    Dir templates();

    Dir seedData();

    Pool pool();

    Reconcile reconcile();

    Jobs jobs();

    Trial trial();

    Mail mail();

    Fault fault();

    Usage usage();

    Webhooks webhooks();

    /** CRM webhooks (src/site/markdown/webhooks.md). */
    interface Webhooks {
        /** Whether this node delivers webhooks at all. */
        @WithDefault("true")
        boolean send();

        /** How often an idle sender looks for due deliveries (a new one wakes it at once). */
        @WithDefault("PT1S")
        Duration poll();

        /** Attempts before a delivery is dead-lettered. */
        @WithDefault("8")
        int maxAttempts();

        /** The wait after the first failure; it doubles with each attempt, with jitter. */
        @WithDefault("PT5S")
        Duration backoff();

        /** The longest wait between two attempts. */
        @WithDefault("PT1H")
        Duration maxBackoff();

        /** How long a claimed delivery is this node's; a node that dies leaves it to another after this. */
        @WithDefault("PT60S")
        Duration lease();

        /** How long one attempt may take. */
        @WithDefault("PT10S")
        Duration timeout();

        /** How many deliveries one sender claims and sends at once. */
        @WithDefault("64")
        int batch();
    }

    interface Usage {
        /** Raw events older than this are dropped, a day partition at a time. */
        @WithDefault("P180D")
        Duration retention();

        /** Events waiting for the writer; a full queue answers 429, it never drops. */
        @WithDefault("50000")
        int queueCapacity();

        /** The most events one commit takes. */
        @WithDefault("2000")
        int batchMax();

        /** How long the writer gathers a batch before it commits (group commit). */
        @WithDefault("PT0.005S")
        Duration gather();

        /** How long a request waits for its batch to commit before it answers 503 (try again). */
        @WithDefault("PT10S")
        Duration acceptTimeout();

        Optional<String> rollupEvery();

        Optional<String> partitionsEvery();
    }

    interface Db {
        /** The PostgreSQL host (used by the datasource URL); a Kubernetes Service name in a cluster. */
        @WithDefault("127.0.0.1")
        String host();

        /** The PostgreSQL port (used by the datasource URL). */
        int port();

        /**
         * The database is a Citus coordinator: the migrations distribute the data plane by tenant_id
         * (V20). Set it when the database is first migrated; it does nothing to one migrated before.
         */
        @WithDefault("false")
        boolean citus();
    }

    interface Keycloak {
        /** The Keycloak base URL (used by the OIDC and admin-client settings). */
        String url();
    }

    interface Dir {
        Path dir();
    }

    interface Pool {
        Optional<String> refillEvery();

        Optional<String> refillDelay();

        /** At most this many pooled tenants are built by one refill run, so one run never takes long. */
        @WithDefault("20")
        int maxBuildsPerRun();
    }

    interface Reconcile {
        /** A build whose last step is older than this is taken for dead and rolled back. */
        @WithDefault("PT2M")
        Duration lease();

        Optional<String> every();

        /** The Keycloak half (orphan users and organizations, missing users, logins): it lists the whole realm. */
        Optional<String> identitiesEvery();

        Optional<String> delay();
    }

    interface Jobs {
        Optional<String> warningsEvery();

        Optional<String> expiryEvery();

        Optional<String> purgeEvery();

        /** The follow-up signal pass (followup/SignalJobs); off in tests, which run it themselves. */
        Optional<String> signalsEvery();

        Optional<String> delay();

        /** How long the job ledger (job_run) keeps a firing; the hourly purge job drops older ones. */
        @WithDefault("P30D")
        Duration ledgerRetention();
    }

    interface Trial {
        /** How long an expired tenant's data is kept before the purge. */
        @WithDefault("P14D")
        Duration grace();

        /** After expiry, how long the prospect's people may still log in to read (the open house). */
        @WithDefault("P7D")
        Duration openHouse();

        Signup signup();
    }

    /** The public trial request's abuse guard (src/site/markdown/self-service.md); each rule can be turned off. */
    interface Signup {
        /** The request form's hidden field a person leaves empty; a filled one is a program. Empty: no honeypot. */
        @WithDefault("website")
        String honeypot();

        /** A form sent sooner than this after the page was shown is a program's. Zero: no check. */
        @WithDefault("PT3S")
        Duration minFillTime();

        /** Requests per client IP within {@link #ipWindow()}; 0: no limit. */
        @WithDefault("5")
        int perIp();

        @WithDefault("PT1H")
        Duration ipWindow();

        /** Requests per mail domain within {@link #domainWindow()}; 0: no limit. */
        @WithDefault("20")
        int perDomain();

        @WithDefault("P1D")
        Duration domainWindow();

        /** Open self-service trials per mail domain; a further verified request is offered to join one. 0: no limit. */
        @WithDefault("2")
        int maxOpenPerDomain();

        /** How long a verification link (and a login link after review) works. */
        @WithDefault("PT24H")
        Duration linkTtl();

        /** Refuse mail domains on the disposable list (seed-data/mail-domains/disposable.txt). */
        @WithDefault("true")
        boolean refuseDisposable();

        /** Send free-mail domains (seed-data/mail-domains/free.txt) to review instead of building at once. */
        @WithDefault("true")
        boolean reviewFreeMail();

        /** Pre-sales owners for round-robin when a template names none; empty: the realm's presales users. */
        Optional<java.util.List<String>> owners();
    }

    interface Mail {
        /** true: PENDING mails are delivered through quarkus.mailer.*; false: kept in the outbox only. */
        @WithDefault("false")
        boolean deliver();

        Optional<String> sendEvery();

        /** Where a prospect's requests go when their tenant's owner has no mail address (created by a login name). */
        @WithDefault("sales@modelhouse.example")
        String salesAddress();
    }

    interface Fault {
        /** Crash drill: halt the process right after this provisioning step (tests only). */
        @WithDefault("none")
        String haltAfter();
    }
}
