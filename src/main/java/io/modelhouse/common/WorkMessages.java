package io.modelhouse.common;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The words of the prospect's workspace actions, scenarios and help center: a second type-safe
 * bundle beside {@link Messages} ({@code {work:...}} in templates), texts in
 * {@code messages/work_zh_CN.properties} and {@code messages/work_en.properties}. Kept apart
 * because one bundle of this many messages made Qute 3.34 generate a resolver that fails bytecode
 * verification (VerifyError in Messages_Bundle.resolve_0) when the application starts.
 */
@MessageBundle("work")
public interface WorkMessages {

    @Message
    String portal_status_failing();

    @Message
    String ws_flash_posted();

    @Message
    String ws_flash_started();

    @Message
    String ws_flash_decided();

    @Message
    String ws_flash_task_created();

    @Message
    String ws_flash_task_assigned();

    @Message
    String ws_flash_task_done();

    @Message
    String ws_flash_read();

    @Message
    String ws_flash_configured();

    @Message
    String ws_flash_tested();

    @Message
    String ws_flash_not_yours();

    @Message
    String ws_message_label();

    @Message
    String ws_message_send();

    @Message
    String ws_message_invalid();

    @Message
    String ws_approval_new();

    @Message
    String ws_approval_title();

    @Message
    String ws_approval_amount();

    @Message
    String ws_approval_submit();

    @Message
    String ws_approval_invalid();

    @Message
    String ws_approval_waits(String roles);

    @Message
    String ws_approval_decisions(String decisions);

    @Message
    String ws_decide_comment();

    @Message
    String ws_approve();

    @Message
    String ws_reject();

    @Message
    String ws_decision_approved();

    @Message
    String ws_decision_rejected();

    @Message
    String ws_task_new();

    @Message
    String ws_task_title();

    @Message
    String ws_task_role();

    @Message
    String ws_task_due();

    @Message
    String ws_task_create();

    @Message
    String ws_task_reassign();

    @Message
    String ws_task_assign();

    @Message
    String ws_task_complete();

    @Message
    String ws_task_invalid();

    @Message
    String ws_read();

    @Message
    String ws_read_done();

    @Message
    String ws_unread();

    @Message
    String ws_int_test();

    @Message
    String ws_int_settings();

    @Message
    String ws_int_save();

    @Message
    String ws_int_invalid();

    @Message
    String ws_int_passed(Long ms);

    @Message
    String ws_int_failed(Long ms, String why);

    @Message
    String ws_int_bad_endpoint();

    @Message
    String ws_int_bad_account();

    @Message
    String ws_empty(String section);

    @Message
    String sc_title();

    @Message
    String sc_hint();

    @Message
    String sc_progress(Long done, Integer total);

    @Message
    String sc_finished();

    @Message
    String sc_go();

    @Message
    String sc_step_done();

    @Message
    String sc_others();

    @Message
    String help_title();

    @Message
    String help_intro(String role);

    @Message
    String help_for_you();

    @Message
    String help_more();

    @Message
    String help_back();

    @Message
    String help_home();

    @Message
    String help_no_body();

    @Message
    String help_not_found();

    @Message
    String help_open();

    @Message
    String doc_kind_white_paper();

    @Message
    String doc_kind_solution();

    @Message
    String doc_kind_case_study();

    @Message
    String doc_kind_certificate();

    @Message
    String doc_kind_bid_parameters();

    @Message
    String doc_kind_manual();

    @Message
    String doc_kind_pricing();

    @Message
    String doc_kind_faq();

    @Message
    String doc_kind_training();

    @Message
    String portal_lang();

    @Message
    String console_logo();

    @Message
    String console_brand();

    @Message
    String date_today(String time);

    @Message
    String date_yesterday(String time);

    @Message
    String date_tomorrow(String time);

    @Message
    String eng_title();

    @Message
    String eng_activity();

    @Message
    String eng_breadth();

    @Message
    String eng_depth();

    @Message
    String eng_coverage();

    @Message
    String eng_value();

    @Message
    String eng_signals();

    @Message
    String eng_signals_none();

    @Message
    String eng_people();

    @Message
    String eng_person();

    @Message
    String eng_role();

    @Message
    String eng_days();

    @Message
    String eng_last();

    @Message
    String eng_steps();

    @Message
    String eng_moments();

    @Message
    String eng_never();
}
