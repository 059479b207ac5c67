package io.modelhouse.common;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The words of follow-up: the queue, the fleet list, the tenant's timeline and requests, the CRM
 * webhooks ({@code {fu:...}} in templates; texts in {@code messages/fu_zh_CN.properties} and
 * {@code messages/fu_en.properties}). A third bundle for the reason {@link WorkMessages} gives.
 */
@MessageBundle("fu")
public interface FollowMessages {

    @Message
    String fu_queue();

    @Message
    String fu_queue_intro();

    @Message
    String fu_mine();

    @Message
    String fu_all();

    @Message
    String fu_state();

    @Message
    String fu_state_open();

    @Message
    String fu_state_snoozed();

    @Message
    String fu_state_done();

    @Message
    String fu_template();

    @Message
    String fu_any();

    @Message
    String fu_filter();

    @Message
    String fu_none();

    @Message
    String fu_what();

    @Message
    String fu_why();

    @Message
    String fu_next();

    @Message
    String fu_material();

    @Message
    String fu_priority();

    @Message
    String fu_stage();

    @Message
    String fu_stage_auto(String stage);

    @Message
    String fu_stage_set();

    @Message
    String fu_stage_saved();

    @Message
    String fu_outcome();

    @Message
    String fu_outcome_hint();

    @Message
    String fu_complete();

    @Message
    String fu_completed();

    @Message
    String fu_snooze();

    @Message
    String fu_snooze_days();

    @Message
    String fu_snoozed(String until);

    @Message
    String fu_snoozed_until(String until);

    @Message
    String fu_done_by(String who, String when, String outcome);

    @Message
    String fu_cleared();

    @Message
    String fu_days_left(long n);

    @Message
    String fu_open_tenant();

    @Message
    String fu_tasks_of_tenant();

    @Message
    String fu_fleet();

    @Message
    String fu_fleet_intro();

    @Message
    String fu_owner();

    @Message
    String fu_min_score();

    @Message
    String fu_expiring();

    @Message
    String fu_search();

    @Message
    String fu_export();

    @Message
    String fu_score();

    @Message
    String fu_open_tasks();

    @Message
    String fu_new();

    @Message
    String fu_timeline();

    @Message
    String fu_timeline_intro();

    @Message
    String fu_timeline_none();

    @Message
    String fu_timeline_label(String company, int days);

    @Message
    String fu_roles();

    @Message
    String fu_role_events();

    @Message
    String fu_asks_title();

    @Message
    String fu_ask_approve(Integer days);

    @Message
    String fu_ask_answer();

    @Message
    String fu_ask_answer_hint();

    @Message
    String fu_ask_answered(String who, String when, String answer);

    @Message
    String fu_ask_done();

    @Message
    String fu_ask_open();

    @Message
    String fu_webhooks();

    @Message
    String fu_webhooks_intro();

    @Message
    String fu_wh_url();

    @Message
    String fu_wh_secret();

    @Message
    String fu_wh_events();

    @Message
    String fu_wh_add();

    @Message
    String fu_wh_added();

    @Message
    String fu_wh_none();

    @Message
    String fu_wh_test();

    @Message
    String fu_wh_tested();

    @Message
    String fu_wh_delete();

    @Message
    String fu_wh_deleted();

    @Message
    String fu_wh_counts(long pending, long delivered, long dead);

    @Message
    String fu_wh_dead();

    @Message
    String fu_wh_dead_none();

    @Message
    String fu_wh_recent();

    @Message
    String fu_wh_event();

    @Message
    String fu_wh_state();

    @Message
    String fu_wh_attempts();

    @Message
    String fu_wh_error();

    @Message
    String fu_wh_when();

    @Message
    String fu_wh_redeliver();

    @Message
    String fu_wh_redelivered();

    @Message
    String fu_doc_back();

    @Message
    String fu_sig_eb_first_login();

    @Message
    String fu_sig_missing_stakeholder();

    @Message
    String fu_sig_three_roles_active();

    @Message
    String fu_sig_scenario_finished();

    @Message
    String fu_sig_value_moment();

    @Message
    String fu_sig_stalled();

    @Message
    String fu_sig_activity_drop();

    @Message
    String fu_sig_expiring_engaged();

    @Message
    String fu_sig_extension_requested();

    @Message
    String fu_sig_contact_requested();

    @Message
    String fu_sig_colleague_invited();

    @Message
    String fu_sig_integration_tested();

    @Message
    String fu_sig_self_service();

    @Message
    String fu_sig_join_requested();

    @Message
    String fu_not_evaluated();

    @Message
    String fu_stage_from_signals();

    @Message
    String fu_stage_by_presales();

    @Message
    String fu_flash_completed();

    @Message
    String fu_flash_snoozed();

    @Message
    String fu_page_of(int page, long pages, long total);

    @Message
    String fu_prev();

    @Message
    String fu_next_page();

    @Message
    String fu_nav_new();
}
