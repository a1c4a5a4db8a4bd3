package io.github.hsmkeystore.local.internal.dynamodb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The DynamoDB reserved words: a bare attribute name in an expression must not be one of them (any case), or
 * DynamoDB answers {@code ValidationException: Invalid <Kind>Expression: Attribute name is a reserved keyword;
 * reserved keyword: <name as written>}. The 573 words of {@code reserved_keywords.txt} are those of the DynamoDB
 * Developer Guide page "Reserved words in DynamoDB" (ReservedWords.html; identical to awsdocs
 * amazon-dynamodb-developer-guide {@code doc_source/ReservedWords.md}), which says the list is not case-sensitive.
 */
final class ReservedWords {
    private static final Set<String> WORDS = load();

    private ReservedWords() {
    }

    /** Whether {@code name} (any case) is a reserved word. */
    static boolean contains(String name) {
        return WORDS.contains(name.toUpperCase(Locale.ROOT));
    }

    static int size() {
        return WORDS.size();
    }

    private static Set<String> load() {
        try (InputStream in = ReservedWords.class.getResourceAsStream("reserved_keywords.txt")) {
            if (in == null) {
                throw new IllegalStateException("reserved_keywords.txt is missing from the classpath");
            }
            Set<String> words = new HashSet<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String word = line.strip();
                if (!word.isEmpty()) {
                    words.add(word.toUpperCase(Locale.ROOT));
                }
            }
            return Set.copyOf(words);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read reserved_keywords.txt", e);
        }
    }
}
