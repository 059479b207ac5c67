package io.modelhouse.common;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every word our pages and mails show, as a Qute type-safe message bundle: templates say
 * {@code {msg:portal_welcome}}, Java calls {@code messages.portal_welcome()}. The texts are in
 * {@code messages/msg_zh_CN.properties} (the default locale) and {@code messages/msg_en.properties};
 * a key missing from either, or a template naming a message that does not exist, fails the build.
 */
@MessageBundle
public interface Messages {

    /** The page language, for {@code <html lang>}. */
    @Message
    String lang();

    @Message
    String footer();

    @Message
    String logout();

    @Message
    String home_title();

    @Message
    String home_body();

    @Message
    String home_login();

    @Message
    String home_staff();

    @Message
    String portal_welcome();

    @Message
    String portal_subtitle();

    @Message
    String portal_daysLeft(long days);

    @Message
    String portal_expiresOn();

    @Message
    String portal_kpi_people();

    @Message
    String portal_kpi_people_hint();

    @Message
    String portal_org();

    @Message
    String portal_records();

    @Message
    String portal_showing(int shown, long total);

    @Message
    String portal_ended(String date);

    @Message
    String portal_ended_contact();

    @Message
    String portal_ended_button();

    @Message
    String portal_staff_title();

    @Message
    String portal_staff_body();

    @Message
    String record_col_ref();

    @Message
    String record_col_title();

    @Message
    String record_col_status();

    @Message
    String record_col_when();

    @Message
    String admin_templates();

    @Message
    String admin_templates_intro();

    @Message
    String admin_col_key();

    @Message
    String admin_col_name();

    @Message
    String admin_col_published();

    @Message
    String admin_col_draft();

    @Message
    String admin_col_pool();

    @Message
    String admin_col_tenants();

    @Message
    String admin_col_file();

    @Message
    String admin_col_line();

    @Message
    String admin_col_path();

    @Message
    String admin_col_problem();

    @Message
    String admin_col_state();

    @Message
    String admin_col_created();

    @Message
    String admin_upload();

    @Message
    String admin_upload_hint();

    @Message
    String admin_validate();

    @Message
    String admin_import();

    @Message
    String admin_report();

    @Message
    String admin_valid(String key);

    @Message
    String admin_invalid(int count);

    @Message
    String admin_summary(long people, long units, long records, int types, int integrations, int scenarios, int documents);

    @Message
    String admin_nothingStored();

    @Message
    String admin_back();

    @Message
    String admin_versions();

    @Message
    String admin_publish();

    @Message
    String admin_retire();

    @Message
    String admin_settings();

    @Message
    String admin_poolSize();

    @Message
    String admin_pooledNow(long count);

    @Message
    String admin_trialDays();

    @Message
    String admin_seatLimit();

    @Message
    String admin_default(int value);

    @Message
    String admin_save();

    @Message
    String admin_saved();

    @Message
    String admin_imported(int version);

    @Message
    String admin_preview(int version, String state);

    @Message
    String admin_roles();

    @Message
    String admin_scenarios();

    @Message
    String admin_integrations();

    @Message
    String admin_documents();

    @Message
    String stage_opportunity();

    @Message
    String stage_qualification();

    @Message
    String stage_solution();

    @Message
    String stage_trial();

    @Message
    String stage_bidding();

    @Message
    String stage_contract();

    @Message
    String stage_delivery();

    @Message
    String admin_identical(int version, String state);

    @Message
    String mail_hello(String name);

    @Message
    String mail_invitation_subject(String company);

    @Message
    String mail_invitation_title(String company);

    @Message
    String mail_invitation_body(String company, String role);

    @Message
    String mail_login();

    @Message
    String mail_username();

    @Message
    String mail_password();

    @Message
    String mail_tryFirst();

    @Message
    String mail_invitation_until(String date);

    @Message
    String mail_warning_subject(long days, String company);

    @Message
    String mail_warning_title(long days);

    @Message
    String mail_warning_body(String company, String date);

    @Message
    String mail_warning_contact();

    @Message
    String portal_banner_ending(long days, String date);

    @Message
    String portal_banner_contact();

    @Message
    String portal_invite();

    @Message
    String portal_invite_hint(long used, int limit);

    @Message
    String portal_invite_name();

    @Message
    String portal_invite_email();

    @Message
    String portal_invite_role();

    @Message
    String portal_invite_send();

    @Message
    String portal_invite_sent(String email);

    @Message
    String portal_invite_full();

    @Message
    String admin_outbox();

    @Message
    String admin_outbox_intro();

    @Message
    String admin_outbox_empty();

    @Message
    String console_title();

    @Message
    String console_intro();

    @Message
    String console_new();

    @Message
    String console_template();

    @Message
    String console_company();

    @Message
    String console_trialDays();

    @Message
    String console_contacts();

    @Message
    String console_create();

    @Message
    String console_search();

    @Message
    String console_find();

    @Message
    String console_expires();

    @Message
    String console_none();

    @Message
    String console_builtIn(Long millis);

    @Message
    String console_logins();

    @Message
    String console_logins_once();

    @Message
    String console_actions();

    @Message
    String console_refresh();

    @Message
    String console_pristine();

    @Message
    String console_extend();

    @Message
    String console_expire();

    @Message
    String console_delete();

    @Message
    String console_delete_confirm();

    @Message
    String console_accounts();

    @Message
    String console_disable();

    @Message
    String console_enable();

    @Message
    String console_remove();

    @Message
    String console_addAccount();

    @Message
    String console_done_reset_refresh();

    @Message
    String console_done_reset_pristine();

    @Message
    String console_done_extend();

    @Message
    String console_done_expire();

    @Message
    String console_done_delete();

    @Message
    String console_done_disable();

    @Message
    String console_done_enable();

    @Message
    String console_done_remove();

    @Message
    String console_done_invite();

    @Message
    String portal_view_records();

    @Message
    String portal_view_channels();

    @Message
    String portal_view_announcements();

    @Message
    String portal_view_approvals();

    @Message
    String portal_view_tasks();

    @Message
    String portal_view_integrations();

    @Message
    String portal_view_scenarios();

    @Message
    String portal_yourRole();

    @Message
    String portal_status_pending();

    @Message
    String portal_status_approved();

    @Message
    String portal_status_rejected();

    @Message
    String portal_status_open();

    @Message
    String portal_status_done();

    @Message
    String portal_status_ok();

    @Message
    String portal_status_warning();

    @Message
    String portal_status_error();

    @Message
    String portal_status_configured();

    @Message
    String error_back();

    @Message
    String error_home();

    @Message
    String error_reference();

    @Message
    String error_title_400();

    @Message
    String error_text_400();

    @Message
    String error_title_401();

    @Message
    String error_text_401();

    @Message
    String error_title_403();

    @Message
    String error_text_403();

    @Message
    String error_title_404();

    @Message
    String error_text_404();

    @Message
    String error_title_409();

    @Message
    String error_text_409();

    @Message
    String error_title_422();

    @Message
    String error_text_422();

    @Message
    String error_title_500();

    @Message
    String error_text_500();

    @Message
    String error_title_other();

    @Message
    String error_text_other();

    @Message
    String console_extend_days();

    @Message
    String error_title_form();

    @Message
    String error_text_form();

    @Message
    String form_fix_fields();

    @Message
    String record_required();

    @Message
    String record_tooLong(int max);

    @Message
    String record_choose();

    @Message
    String record_dateTime();

    @Message
    String record_date();

    @Message
    String record_wholeNumber();

    @Message
    String record_money();

    @Message
    String record_range(String min, String max);

    @Message
    String records_back();

    @Message
    String records_all();

    @Message
    String records_search();

    @Message
    String records_status();

    @Message
    String records_status_any();

    @Message
    String records_from();

    @Message
    String records_to();

    @Message
    String records_sort();

    @Message
    String records_sort_newest();

    @Message
    String records_sort_oldest();

    @Message
    String records_apply();

    @Message
    String records_clear();

    @Message
    String records_new();

    @Message
    String records_empty();

    @Message
    String records_count(long from, long to, long total);

    @Message
    String records_prev();

    @Message
    String records_next();

    @Message
    String record_edit();

    @Message
    String record_save();

    @Message
    String record_cancel();

    @Message
    String record_new_title(String type);

    @Message
    String record_edit_title(String ref);

    @Message
    String record_created(String ref);

    @Message
    String record_updated(String ref);

    @Message
    String record_origin_prospect();

    @Message
    String record_origin_seed();

    @Message
    String record_fix();

    @Message
    String record_person_none();

    @Message
    String record_fields();

    @Message
    String ask_title();

    @Message
    String ask_days();

    @Message
    String ask_days_option(String days);

    @Message
    String ask_why();

    @Message
    String ask_extension_send();

    @Message
    String ask_message();

    @Message
    String ask_contact_send();

    @Message
    String ask_extension_received();

    @Message
    String ask_contact_received();

    @Message
    String ask_days_range();

    @Message
    String ask_too_long();

    @Message
    String mail_ask_extension_subject(String company, Integer days);

    @Message
    String mail_ask_contact_subject(String company);

    @Message
    String mail_ask_extension_title(String person, String company, Integer days);

    @Message
    String mail_ask_contact_title(String person, String company);

    @Message
    String mail_ask_who(String person, String role, String company);

    @Message
    String mail_ask_expires(String expiresOn);

    @Message
    String console_asks();

    @Message
    String console_asks_none();

    @Message
    String console_ask_extension(Integer days);

    @Message
    String console_ask_contact();
}
