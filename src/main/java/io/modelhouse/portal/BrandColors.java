package io.modelhouse.portal;

/**
 * The prospect's brand colour as the portal's accent: the CSS custom properties the stylesheet
 * uses, with the ink on it dark or white by the colour's luminance (WCAG), so a light brand colour
 * still has readable buttons.
 */
final class BrandColors {

    private BrandColors() {
    }

    /** {@code --brand:#rrggbb;--brand-ink:#fff}, or null when the tenant has no colour of its own. */
    static String css(String color) {
        if (color == null || !color.matches("#[0-9a-fA-F]{6}")) {
            return null;
        }
        int rgb = Integer.parseInt(color.substring(1), 16);
        double l = 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
        // white text needs a contrast of 4.5 (l below ~0.18); otherwise the page's dark ink
        return "--brand:" + color + ";--brand-ink:" + (l < 0.18 ? "#fff" : "#1f2933");
    }

    private static double channel(int v) {
        double c = (v & 0xff) / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
