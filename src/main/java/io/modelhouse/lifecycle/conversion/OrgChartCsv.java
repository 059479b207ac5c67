package io.modelhouse.lifecycle.conversion;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.modelhouse.common.ApiProblem;

/**
 * The customer's own org chart as a CSV, for move-in: a header row naming the columns (in English
 * or Chinese, any order), then one person a line. Pure: it reads text and names every bad line; the
 * move-in changes nothing unless all lines are good.
 *
 * <pre>
 * department,name,position,email
 * 总部/销售部/华东区,王磊,区域经理,wanglei@example.cn
 * </pre>
 */
public final class OrgChartCsv {

    public static final String FILE = "org-chart.csv";
    static final int MAX_PEOPLE = 20_000;
    static final int MAX_DEPTH = 8;
    static final int MAX_TEXT = 100;
    private static final Pattern MAIL = Pattern.compile("^[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+$");
    private static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("department", "department"),
            Map.entry("部门", "department"), Map.entry("name", "name"), Map.entry("姓名", "name"),
            Map.entry("position", "position"), Map.entry("职位", "position"), Map.entry("email", "email"),
            Map.entry("mail", "email"), Map.entry("邮箱", "email"));
    private static final List<String> COLUMNS = List.of("department", "name", "position", "email");

    /** One person: the department as its path below the company (each part a unit), and the line it came from. */
    public record Person(int line, List<String> department, String name, String position, String email) {
    }

    private OrgChartCsv() {
    }

    /**
     * The CSV's text: UTF-8 (with or without a byte-order mark), or else GB18030, which is what a
     * spreadsheet program on a Chinese Windows saves a CSV as.
     */
    public static String decode(byte[] bytes) {
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes == null ? new byte[0] : bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, java.nio.charset.Charset.forName("GB18030"));
        }
    }

    /**
     * The people of the CSV, in file order.
     *
     * @throws ApiProblem 422 with one error per bad line (file, line, what to do), when any line is bad
     */
    public static List<Person> parse(String text) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        List<Person> people = new ArrayList<>();
        String body = text == null ? "" : text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (body.isBlank()) {
            throw refused(List.of(
                    error(1, "The file is empty; send a header row (department,name,position,email) and a line per person")));
        }
        CsvMapper csv = new CsvMapper();
        csv.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        int[] index = null;
        Map<String, Integer> mails = new HashMap<>();
        try (JsonParser rows = csv.getFactory().createParser(body)) {
            while (rows.nextToken() == JsonToken.START_ARRAY) {
                // the row's line is where its first cell starts (a quoted cell may span lines)
                int line = -1;
                List<String> cells = new ArrayList<>();
                while (rows.nextToken() == JsonToken.VALUE_STRING) {
                    if (line < 0) {
                        line = rows.currentTokenLocation().getLineNr();
                    }
                    cells.add(rows.getText());
                }
                String[] row = cells.toArray(String[]::new);
                if (index == null) {
                    index = header(row, errors);
                    if (index == null) {
                        break;
                    }
                    continue;
                }
                if (people.size() >= MAX_PEOPLE) {
                    errors.add(error(line,
                            "More than " + MAX_PEOPLE + " people; split the org chart or ask us to raise the limit"));
                    break;
                }
                Person p = person(line, row, index, errors);
                if (p == null) {
                    continue;
                }
                Integer first = mails.putIfAbsent(p.email().toLowerCase(Locale.ROOT), line);
                if (first != null) {
                    errors.add(error(line, "The mail " + p.email() + " is already on line " + first + "; each person once"));
                    continue;
                }
                people.add(p);
            }
        } catch (IOException | RuntimeException e) {
            // a broken quote or the like: Jackson says where
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? String.valueOf(j.getLocation().getLineNr())
                    : "?";
            errors.add(new ApiProblem.FieldError(FILE, where.equals("?") ? null : Integer.valueOf(where), null,
                    "The CSV cannot be read here (" + firstLine(e.getMessage()) + "); check quotes and commas"));
        }
        if (errors.isEmpty() && people.isEmpty()) {
            errors.add(error(index == null ? 1 : 2, "No people after the header; add a line per person"));
        }
        if (!errors.isEmpty()) {
            throw refused(errors);
        }
        return people;
    }

    private static int[] header(String[] row, List<ApiProblem.FieldError> errors) {
        int[] index = { -1, -1, -1, -1 };
        for (int i = 0; i < row.length; i++) {
            String col = HEADERS.get(row[i].strip().toLowerCase(Locale.ROOT));
            if (col != null) {
                index[COLUMNS.indexOf(col)] = i;
            }
        }
        List<String> missing = new ArrayList<>();
        for (int c = 0; c < COLUMNS.size(); c++) {
            if (index[c] < 0 && !COLUMNS.get(c).equals("position")) {
                missing.add(COLUMNS.get(c));
            }
        }
        if (!missing.isEmpty()) {
            errors.add(error(1, "The header row lacks " + String.join(", ", missing)
                    + "; the first line names the columns: department,name,position,email (or 部门,姓名,职位,邮箱)"));
            return null;
        }
        return index;
    }

    private static Person person(int line, String[] row, int[] index, List<ApiProblem.FieldError> errors) {
        String dept = cell(row, index[0]);
        String name = cell(row, index[1]);
        String position = cell(row, index[2]);
        String email = cell(row, index[3]);
        int before = errors.size();
        List<String> path = new ArrayList<>();
        if (dept.isEmpty()) {
            errors.add(error(line, "The department is empty; give its path below the company, e.g. 销售部/华东区"));
        } else {
            for (String part : dept.split("/", -1)) {
                String p = part.strip();
                if (p.isEmpty()) {
                    errors.add(error(line, "The department '" + dept + "' has an empty part between slashes"));
                    break;
                }
                if (p.length() > MAX_TEXT) {
                    errors.add(error(line, "A department name is longer than " + MAX_TEXT + " characters"));
                    break;
                }
                path.add(p);
            }
            if (path.size() > MAX_DEPTH) {
                errors.add(error(line, "The department is " + path.size() + " levels deep; at most " + MAX_DEPTH));
            }
        }
        if (name.isEmpty()) {
            errors.add(error(line, "The name is empty"));
        } else if (name.length() > MAX_TEXT) {
            errors.add(error(line, "The name is longer than " + MAX_TEXT + " characters"));
        }
        if (position.length() > MAX_TEXT) {
            errors.add(error(line, "The position is longer than " + MAX_TEXT + " characters"));
        }
        if (email.isEmpty()) {
            errors.add(error(line, "The mail is empty; each person needs one"));
        } else if (!MAIL.matcher(email).matches() || email.length() > 254) {
            errors.add(error(line, "'" + email + "' is not a mail address"));
        }
        return errors.size() == before ? new Person(line, List.copyOf(path), name, position, email) : null;
    }

    private static String cell(String[] row, int i) {
        return i < 0 || i >= row.length || row[i] == null ? "" : row[i].strip();
    }

    private static ApiProblem.FieldError error(int line, String message) {
        return new ApiProblem.FieldError(FILE, line, null, message);
    }

    private static ApiProblem refused(List<ApiProblem.FieldError> errors) {
        return ApiProblem.invalid("The org chart was not imported; nothing changed. Fix the lines below and send it again",
                errors);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
