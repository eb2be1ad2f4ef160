package dev.descheduler.silver.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which payload fields of one event type go to which Silver columns, and how its {@link PayloadShape} is told.
 *
 * <p>The wanted paths form a tree, so that {@link PayloadDecoder} walks the payload once and skips every subtree no
 * column needs (most of a pull request's bytes are embedded users and repositories).
 */
final class PayloadLayout {

    /** One wanted JSON field. {@code index} is its slot in the "present with a non-null value" array. */
    static final class Node {
        final String path;
        final int index;
        final Map<String, Node> children = new HashMap<>();
        SilverColumn valueColumn;
        SilverColumn countColumn;
        String elementField;
        SilverColumn elementColumn;

        Node(String path, int index) {
            this.path = path;
            this.index = index;
        }

        boolean isArray() {
            return countColumn != null || elementColumn != null;
        }
    }

    private record Flag(SilverColumn column, Node object, Node child) {}

    private final Node root;
    private final int nodeCount;
    private final PayloadShape fullShape;
    private final PayloadShape slimShape;
    private final List<Node> driftNodes;
    private final List<Flag> flags;

    private PayloadLayout(Builder builder) {
        this.root = builder.root;
        this.nodeCount = builder.nodeCount;
        this.fullShape = builder.fullShape;
        this.slimShape = builder.slimShape;
        this.driftNodes = List.copyOf(builder.driftNodes);
        this.flags = List.copyOf(builder.flags);
    }

    static Builder builder() {
        return new Builder();
    }

    Node root() {
        return root;
    }

    int nodeCount() {
        return nodeCount;
    }

    /** Sets what only the whole payload tells: the shape, and flags such as "this issue is a pull request". */
    void finish(boolean[] present, SilverEvent.Builder out) {
        PayloadShape shape = fullShape;
        for (Node node : driftNodes) {
            if (!present[node.index]) {
                shape = slimShape;
                break;
            }
        }
        out.set(SilverColumn.PAYLOAD_SHAPE, shape.value());
        for (Flag flag : flags) {
            if (present[flag.object().index]) {
                out.set(flag.column(), present[flag.child().index]);
            }
        }
    }

    static final class Builder {
        private final Node root = new Node("payload", 0);
        private int nodeCount = 1;
        private PayloadShape fullShape;
        private PayloadShape slimShape;
        private final List<Node> driftNodes = new ArrayList<>();
        private final List<Flag> flags = new ArrayList<>();

        /** A scalar at {@code path} (dotted, relative to the payload) converted to the column's type. */
        Builder value(String path, SilverColumn column) {
            node(path).valueColumn = column;
            return this;
        }

        /** The number of elements of the array at {@code path}. */
        Builder count(String path, SilverColumn column) {
            node(path).countColumn = column;
            return this;
        }

        /** The string {@code field} of every object in the array at {@code path}. */
        Builder eachField(String path, String field, SilverColumn column) {
            Node node = node(path);
            node.elementField = field;
            node.elementColumn = column;
            return this;
        }

        /** True when {@code childPath} is in the object at {@code objectPath}; false when not; null without it. */
        Builder flag(SilverColumn column, String objectPath, String childPath) {
            flags.add(new Flag(column, node(objectPath), node(childPath)));
            return this;
        }

        Builder shape(PayloadShape shape) {
            return shape(shape, shape);
        }

        /** {@code full} when every one of {@code driftPaths} is present, otherwise {@code slim}. */
        Builder shape(PayloadShape full, PayloadShape slim, String... driftPaths) {
            this.fullShape = full;
            this.slimShape = slim;
            for (String path : driftPaths) {
                driftNodes.add(node(path));
            }
            return this;
        }

        PayloadLayout build() {
            if (fullShape == null) {
                throw new IllegalStateException("a payload layout needs a shape");
            }
            return new PayloadLayout(this);
        }

        private Node node(String path) {
            Node node = root;
            for (String name : path.split("\\.")) {
                Node parent = node;
                node = parent.children.computeIfAbsent(name, n -> new Node(parent.path + "." + n, nodeCount++));
            }
            return node;
        }
    }
}
