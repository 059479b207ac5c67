package io.modelhouse.common;

import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * Errors as a person with a browser sees them: a page in the layout and in their language, with a
 * title, what to do, and a way back. Requests to {@code /api} and clients that do not ask for HTML
 * get problem+json instead (see {@link ProblemMapper}).
 */
public final class ErrorPage {

    @CheckedTemplate(basePath = "ErrorPage")
    static class Templates {
        static native TemplateInstance error(int status, String title, String text, String detail);
    }

    private ErrorPage() {
    }

    /** Whether the caller is a browser on one of our pages (not the API). */
    public static boolean wanted(String path, List<MediaType> accepted) {
        if (path == null || path.startsWith("/api/") || path.equals("/api") || path.startsWith("/q/")) {
            return false;
        }
        return accepted.stream().anyMatch(m -> "text".equals(m.getType()) && "html".equals(m.getSubtype()));
    }

    /** A form sent without its session's token (forged, or from a page older than the login). */
    public static String renderFormRefused(Locale locale) {
        Messages m = PageLocale.messages(locale);
        return Pages.render(Templates.error(403, m.error_title_form(), m.error_text_form(), null), locale);
    }

    /** @param detail what the server said, shown small under the explanation (null for none) */
    public static String render(int status, String detail, Locale locale) {
        Messages m = PageLocale.messages(locale);
        String title = switch (status) {
            case 400 -> m.error_title_400();
            case 401 -> m.error_title_401();
            case 403 -> m.error_title_403();
            case 404 -> m.error_title_404();
            case 409 -> m.error_title_409();
            case 422 -> m.error_title_422();
            case 500 -> m.error_title_500();
            default -> m.error_title_other();
        };
        String text = switch (status) {
            case 400 -> m.error_text_400();
            case 401 -> m.error_text_401();
            case 403 -> m.error_text_403();
            case 404 -> m.error_text_404();
            case 409 -> m.error_text_409();
            case 422 -> m.error_text_422();
            case 500 -> m.error_text_500();
            default -> m.error_text_other();
        };
        return Pages.render(Templates.error(status, title, text, detail), locale);
    }
}
