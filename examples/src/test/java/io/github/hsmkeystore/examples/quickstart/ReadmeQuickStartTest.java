package io.github.hsmkeystore.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's quick start is the code QuickStartIT runs: the lines between QuickStart's markers, unindented. */
class ReadmeQuickStartTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src/main/java/io/github/hsmkeystore/examples/quickstart/QuickStart.java");

    @Test
    void readmeQuickStart_isTheCompiledExample() throws IOException {
        String source = Files.readString(SOURCE);
        Matcher m = Pattern.compile("// quickstart:begin\\n(.*?)\\n\\s*// quickstart:end", Pattern.DOTALL).matcher(source);
        assertThat(m.find()).as("markers in " + SOURCE).isTrue();
        String example = unindent(m.group(1));

        String readme = Files.readString(README);

        assertThat(readme).as("README.md must contain the quick start of QuickStart.java, as it is there:\n" + example)
                .contains("```java\n" + example + "\n```");
    }

    @Test
    void readmeImports_areTheExamplesImports() throws IOException {
        List<String> sourceImports = Files.readString(SOURCE).lines().filter(l -> l.startsWith("import ")).toList();
        List<String> readmeImports = Files.readString(README).lines().filter(l -> l.startsWith("import ")).toList();

        assertThat(readmeImports).isNotEmpty();
        assertThat(sourceImports).containsAll(readmeImports);
    }

    /** Removes the indentation the lines share. */
    static String unindent(String block) {
        List<String> lines = block.lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }
}
