package io.modelhouse.template;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where each value of a YAML file sits: path ({@code roles[0].unit}) → line, so a rule broken
 * after parsing can still point at its line. Paths use the same shape as the validation messages.
 */
final class YamlLines {

    private final Map<String, Integer> lines = new HashMap<>();

    YamlLines(String text) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(BundleZip.MAX_FILE_BYTES * 2);
            Node root = new Yaml(options).compose(new StringReader(text));
            if (root != null) {
                walk(root, "");
            }
        } catch (RuntimeException e) {
            // unparseable files are reported by the parser with their own line; no index then
        }
    }

    /**
     * The line of the first alias ({@code *name}) in the text, or null: read as a stream of parser
     * events, which never expands an alias, so a hostile file costs one pass over its text.
     */
    static Integer firstAlias(String text) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(BundleZip.MAX_FILE_BYTES * 2);
            for (Event e : new Yaml(options).parse(new StringReader(text))) {
                if (e instanceof AliasEvent) {
                    return e.getStartMark().getLine() + 1;
                }
            }
        } catch (RuntimeException e) {
            // a syntax error is reported by the parser that reads the file, with its line
        }
        return null;
    }

    private void walk(Node node, String path) {
        lines.putIfAbsent(path, node.getStartMark().getLine() + 1);
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    String p = path.isEmpty() ? k.getValue() : path + "." + k.getValue();
                    lines.put(p, k.getStartMark().getLine() + 1);
                    walk(t.getValueNode(), p);
                }
            }
        } else if (node instanceof SequenceNode s) {
            for (int i = 0; i < s.getValue().size(); i++) {
                String p = path + "[" + i + "]";
                lines.put(p, s.getValue().get(i).getStartMark().getLine() + 1);
                walk(s.getValue().get(i), p);
            }
        }
    }

    /** The line of exactly this path, or null. */
    Integer exact(String path) {
        return lines.get(path);
    }

    /** The line of the path, or of its nearest ancestor that exists in the file. */
    Integer line(String path) {
        String p = path == null ? "" : path;
        while (true) {
            Integer l = lines.get(p);
            if (l != null || p.isEmpty()) {
                return l;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut <= 0 ? "" : p.substring(0, cut);
        }
    }
}
