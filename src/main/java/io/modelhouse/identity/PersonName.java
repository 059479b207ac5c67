package io.modelhouse.identity;

import java.util.Set;

/**
 * Splits a person's name into Keycloak's first/last: 王磊 → 王 + 磊; "Ada Lovelace" → Ada + Lovelace.
 * Keycloak's user profile refuses names with characters such as {@code < > ( ) , @ ; :}; any name
 * a person gives is accepted, so those are left out of the Keycloak copy (our own records keep the
 * name as written).
 */
public record PersonName(String first, String last) {

    private static final Set<String> DOUBLE_SURNAMES = Set.of("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐",
            "慕容");

    public static PersonName of(String full) {
        String name = forDirectory(full);
        int space = name.lastIndexOf(' ');
        if (space > 0) {
            return new PersonName(name.substring(0, space).trim(), name.substring(space + 1).trim());
        }
        if (name.codePointCount(0, name.length()) >= 2
                && Character.UnicodeScript.of(name.codePointAt(0)) == Character.UnicodeScript.HAN) {
            int cut = name.length() >= 3 && DOUBLE_SURNAMES.contains(name.substring(0, 2)) ? 2 : 1;
            return new PersonName(name.substring(cut), name.substring(0, cut));
        }
        return new PersonName(name, name);
    }

    /** Letters of any script, digits, spaces and . ' - · only; a name with none of them becomes "-". */
    static String forDirectory(String full) {
        String kept = full.replaceAll("[^\\p{L}\\p{M}\\p{N} .'\\-\u00b7\u30fb]", " ").replaceAll("\\s+", " ").trim();
        return kept.isEmpty() ? "-" : kept;
    }
}
