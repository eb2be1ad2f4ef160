package dev.descheduler.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read as its instructions: comments dropped, continuation lines joined, each instruction with its
 * keyword and arguments, grouped into the stages that FROM starts. Enough for static checks; nothing is built.
 */
record Dockerfile(List<Stage> stages) {

    record Instruction(String keyword, String arguments, int line) {}

    /** One build stage: its base image, its name ({@code AS name}, or null) and its instructions. */
    record Stage(String base, String name, List<Instruction> instructions) {

        /** The user the stage's processes run as: the last USER, or null when the stage sets none. */
        String user() {
            String user = null;
            for (Instruction instruction : instructions) {
                if (instruction.keyword().equals("USER")) {
                    user = instruction.arguments().trim();
                }
            }
            return user;
        }

        List<Instruction> all(String keyword) {
            return instructions.stream()
                    .filter(i -> i.keyword().equals(keyword))
                    .toList();
        }
    }

    static Dockerfile parse(String text) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        String[] lines = text.split("\n", -1);
        StringBuilder pending = new StringBuilder();
        int start = 0;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (!pending.isEmpty() && line.startsWith("#")) {
                continue; // a comment inside a continued instruction
            }
            if (pending.isEmpty()) {
                start = n + 1;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String joined = pending.toString().strip();
            pending.setLength(0);
            if (joined.isEmpty()) {
                continue;
            }
            int space = joined.indexOf(' ');
            String keyword = (space < 0 ? joined : joined.substring(0, space)).toUpperCase(Locale.ROOT);
            String arguments = space < 0 ? "" : joined.substring(space + 1).strip();
            Instruction instruction = new Instruction(keyword, arguments, start);
            if (keyword.equals("FROM")) {
                String[] parts = arguments.split("\\s+");
                String name = parts.length >= 3 && parts[1].equalsIgnoreCase("AS") ? parts[2] : null;
                current = new ArrayList<>();
                stages.add(new Stage(parts[0], name, current));
            } else if (current == null) {
                if (!keyword.equals("ARG")) {
                    throw new IllegalArgumentException("line " + start + ": " + keyword + " before the first FROM");
                }
            } else {
                current.add(instruction);
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("no FROM: not a Dockerfile");
        }
        return new Dockerfile(List.copyOf(stages));
    }

    Stage runtime() {
        return stages.get(stages.size() - 1);
    }

    boolean isStageName(String name) {
        return stages.stream().anyMatch(s -> name.equals(s.name()));
    }
}
