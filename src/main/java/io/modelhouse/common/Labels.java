package io.modelhouse.common;

/**
 * Texts chosen by a key that comes from data (a column, a sales stage, a status), mapped onto the
 * type-safe messages: a key without a text falls back to itself, so new data never shows a gap.
 */
public final class Labels {

    private Labels() {
    }

    /** The built-in columns of a record list: ref, title, status, when; null for a template-declared field. */
    public static String recordColumn(Messages m, String column) {
        return switch (column) {
            case "ref" -> m.record_col_ref();
            case "title" -> m.record_col_title();
            case "status" -> m.record_col_status();
            case "when" -> m.record_col_when();
            default -> null;
        };
    }

    public static String stage(Messages m, String stage) {
        return switch (stage) {
            case "opportunity" -> m.stage_opportunity();
            case "qualification" -> m.stage_qualification();
            case "solution" -> m.stage_solution();
            case "trial" -> m.stage_trial();
            case "bidding" -> m.stage_bidding();
            case "contract" -> m.stage_contract();
            case "delivery" -> m.stage_delivery();
            default -> stage;
        };
    }

    /** The kind of a knowledge-pack document. */
    public static String documentKind(WorkMessages m, String kind) {
        return switch (kind) {
            case "white_paper" -> m.doc_kind_white_paper();
            case "solution" -> m.doc_kind_solution();
            case "case_study" -> m.doc_kind_case_study();
            case "certificate" -> m.doc_kind_certificate();
            case "bid_parameters" -> m.doc_kind_bid_parameters();
            case "manual" -> m.doc_kind_manual();
            case "pricing" -> m.doc_kind_pricing();
            case "faq" -> m.doc_kind_faq();
            case "training" -> m.doc_kind_training();
            default -> kind;
        };
    }

    /** A workspace section of the portal. */
    public static String view(Messages m, String view) {
        return switch (view) {
            case "records" -> m.portal_view_records();
            case "channels" -> m.portal_view_channels();
            case "announcements" -> m.portal_view_announcements();
            case "approvals" -> m.portal_view_approvals();
            case "tasks" -> m.portal_view_tasks();
            case "integrations" -> m.portal_view_integrations();
            case "scenarios" -> m.portal_view_scenarios();
            default -> view;
        };
    }

    /** The status of a workspace item (approval, task, integration). */
    public static String status(Messages m, String status) {
        return switch (status) {
            case "pending" -> m.portal_status_pending();
            case "approved" -> m.portal_status_approved();
            case "rejected" -> m.portal_status_rejected();
            case "open" -> m.portal_status_open();
            case "done" -> m.portal_status_done();
            case "ok" -> m.portal_status_ok();
            case "warning" -> m.portal_status_warning();
            case "error" -> m.portal_status_error();
            case "configured" -> m.portal_status_configured();
            default -> status;
        };
    }
}
