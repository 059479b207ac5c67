package io.modelhouse.portal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The jsonb {@code data} column of records and workspace items, read as an object and written back. */
final class JsonColumns {

    private JsonColumns() {
    }

    /** The column's object; an empty one when it is missing, not an object or unreadable. */
    static ObjectNode object(ObjectMapper json, String text) {
        try {
            JsonNode n = text == null ? null : json.readTree(text);
            return n instanceof ObjectNode o ? o : json.createObjectNode();
        } catch (JsonProcessingException e) {
            return json.createObjectNode();
        }
    }

    static String text(ObjectMapper json, JsonNode n) {
        try {
            return json.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
