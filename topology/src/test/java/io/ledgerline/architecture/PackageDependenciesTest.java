package io.ledgerline.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The package structure the code is read by: processors never import the wiring, and no package depends on itself through others. */
class PackageDependenciesTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(io\\.ledgerline\\.[\\w.]+);", Pattern.MULTILINE);
    private static final String WIRING = "io.ledgerline.topology";
    /** What may assemble the topology: the wiring itself and the programs that run it. */
    private static final Set<String> ASSEMBLERS = Set.of(WIRING, "io.ledgerline.cli", "io.ledgerline.runtime", "io.ledgerline.demo",
            "io.ledgerline.bench");

    /** package → packages it imports from, over the main sources of this module. */
    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String source = read(f);
                Matcher p = PACKAGE.matcher(source);
                if (!p.find()) {
                    return;
                }
                Set<String> imports = deps.computeIfAbsent(p.group(1), k -> new TreeSet<>());
                Matcher i = IMPORT.matcher(source);
                while (i.find()) {
                    String target = packageOf(i.group(1));
                    if (!target.equals(p.group(1))) {
                        imports.add(target);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deps;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The package part of an imported name: the segments before the first capitalized one. */
    private static String packageOf(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("\\.")) {
            if (Character.isUpperCase(part.charAt(0))) {
                break;
            }
            parts.add(part);
        }
        return String.join(".", parts);
    }

    @Test
    void onlyTheProgramsThatRunTheTopologyImportItsWiring() {
        Map<String, Set<String>> deps = dependencies();
        assertThat(deps).containsKey(WIRING);
        deps.forEach((pkg, imports) -> {
            if (!ASSEMBLERS.contains(pkg)) {
                assertThat(imports).as("%s imports the wiring package", pkg).doesNotContain(WIRING);
            }
        });
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        Map<String, Set<String>> deps = dependencies();
        List<List<String>> cycles = new ArrayList<>();
        for (String start : deps.keySet()) {
            // a package is in a cycle when it can reach itself
            Set<String> seen = new HashSet<>();
            List<String> stack = new ArrayList<>(deps.getOrDefault(start, Set.of()));
            Map<String, String> via = new HashMap<>();
            deps.getOrDefault(start, Set.of()).forEach(d -> via.put(d, start));
            while (!stack.isEmpty()) {
                String next = stack.remove(stack.size() - 1);
                if (next.equals(start)) {
                    cycles.add(List.of(start, via.get(start)));
                    break;
                }
                if (seen.add(next)) {
                    for (String d : deps.getOrDefault(next, Set.of())) {
                        via.putIfAbsent(d, next);
                        stack.add(d);
                    }
                }
            }
        }
        assertThat(cycles).as("packages that reach themselves (package, the package through which it comes back)").isEmpty();
    }
}
