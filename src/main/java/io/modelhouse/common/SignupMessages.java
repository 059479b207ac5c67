package io.modelhouse.common;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The words of the public trial request, its mails and pages, and the console's list of requests
 * ({@code {su:...}} in templates; texts in {@code messages/su_zh_CN.properties} and
 * {@code messages/su_en.properties}).
 */
@MessageBundle("su")
public interface SignupMessages {

    @Message
    String su_title();

    @Message
    String su_lead();

    @Message
    String su_intro();

    @Message
    String su_company();

    @Message
    String su_name();

    @Message
    String su_email();

    @Message
    String su_email_hint();

    @Message
    String su_phone();

    @Message
    String su_template();

    @Message
    String su_size();

    @Message
    String su_size_none();

    @Message
    String su_size_people(String size);

    @Message
    String su_role();

    @Message
    String su_role_none();

    @Message
    String su_role_EB();

    @Message
    String su_role_UB();

    @Message
    String su_role_TB();

    @Message
    String su_honeypot();

    @Message
    String su_submit();

    @Message
    String su_privacy();

    @Message
    String su_sent_title();

    @Message
    String su_sent_body(String email, long hours);

    @Message
    String su_sent_spam();

    @Message
    String su_refused_title();

    @Message
    String su_err_fields();

    @Message
    String su_err_disposable(String domain);

    @Message
    String su_err_honeypot();

    @Message
    String su_err_too_fast(long seconds);

    @Message
    String su_err_rate_ip(long minutes);

    @Message
    String su_err_rate_domain(String domain, long minutes);

    @Message
    String su_err_template();

    @Message
    String su_back();

    @Message
    String su_link_unknown_title();

    @Message
    String su_link_unknown_body();

    @Message
    String su_link_expired_title();

    @Message
    String su_link_expired_body(long hours);

    @Message
    String su_link_used_title();

    @Message
    String su_link_used_body();

    @Message
    String su_link_used_login();

    @Message
    String su_review_title();

    @Message
    String su_review_body(String email);

    @Message
    String su_join_title();

    @Message
    String su_join_body(String email);

    @Message
    String su_failed_title();

    @Message
    String su_failed_body(String email);

    @Message
    String su_mail_subject(String company);

    @Message
    String su_mail_hello(String name);

    @Message
    String su_mail_body(String company);

    @Message
    String su_mail_button();

    @Message
    String su_mail_expires(String when);

    @Message
    String su_mail_ignore();

    @Message
    String su_requests();

    @Message
    String su_requests_intro();

    @Message
    String su_requests_none();

    @Message
    String su_col_when();

    @Message
    String su_col_company();

    @Message
    String su_col_person();

    @Message
    String su_col_template();

    @Message
    String su_col_state();

    @Message
    String su_col_reason();

    @Message
    String su_col_owner();

    @Message
    String su_state_unverified();

    @Message
    String su_state_building();

    @Message
    String su_state_review();

    @Message
    String su_state_join();

    @Message
    String su_state_provisioned();

    @Message
    String su_state_joined();

    @Message
    String su_state_refused();

    @Message
    String su_reason_free_mail();

    @Message
    String su_reason_template_review();

    @Message
    String su_reason_company_has_trial();

    @Message
    String su_reason_domain_limit();

    @Message
    String su_reason_failed();

    @Message
    String su_approve();

    @Message
    String su_invite();

    @Message
    String su_refuse();

    @Message
    String su_filter_all();

    @Message
    String su_done_approved();

    @Message
    String su_done_invited();

    @Message
    String su_done_refused();

    @Message
    String su_open_tenant();

    @Message
    String su_convert();

    @Message
    String su_convert_confirm();

    @Message
    String su_export();

    @Message
    String su_done_converted();

    @Message
    String su_done_moved_in();

    @Message
    String su_move_in();

    @Message
    String su_move_in_hint();

    @Message
    String su_move_in_confirm();

    @Message
    String su_move_in_button();

    @Message
    String su_move_in_line(int line, String message);

    @Message
    String su_recap_title(String company);

    @Message
    String su_recap_ended(String ended, String until);

    @Message
    String su_recap_people();

    @Message
    String su_recap_never();

    @Message
    String su_recap_nobody();

    @Message
    String su_recap_steps();

    @Message
    String su_recap_records();

    @Message
    String su_recap_moments();

    @Message
    String su_recap_days();

    @Message
    String su_recap_summary_title();

    @Message
    String su_recap_summary(String company, String ended, int people, String names, int done, int total, long records,
            String until, String url);

    @Message
    String su_recap_forward();

    @Message
    String su_recap_more();

    @Message
    String su_admin_mode();

    @Message
    String su_admin_mode_auto();

    @Message
    String su_admin_mode_review();

    @Message
    String su_admin_owner();

    @Message
    String su_admin_owner_hint();

    @Message
    String su_err_company();

    @Message
    String su_err_name();

    @Message
    String su_err_email();

    @Message
    String su_err_phone();

    @Message
    String su_verifying_title();

    @Message
    String su_verifying_body();

    @Message
    String su_verifying_button();
}
