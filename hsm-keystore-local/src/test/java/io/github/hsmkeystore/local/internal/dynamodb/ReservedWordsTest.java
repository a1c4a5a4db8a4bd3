package io.github.hsmkeystore.local.internal.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reserved-word list loaded from {@code reserved_keywords.txt}. */
class ReservedWordsTest {
    @Test
    void load_readsTheWholeDocumentedList() {
        // "Reserved words in DynamoDB" lists 573 words, from ABORT to ZONE
        assertThat(ReservedWords.size()).isEqualTo(573);
        assertThat(ReservedWords.contains("ABORT")).isTrue();
        assertThat(ReservedWords.contains("ZONE")).isTrue();
    }

    @Test
    void contains_ignoresCase() {
        assertThat(ReservedWords.contains("status")).isTrue();
        assertThat(ReservedWords.contains("Status")).isTrue();
        assertThat(ReservedWords.contains("sTaTuS")).isTrue();
    }

    @Test
    void contains_wordsNotOnTheList_areFalse() {
        // "metadata" is not reserved (floci-io/floci#1169 checked it against the documentation)
        assertThat(ReservedWords.contains("metadata")).isFalse();
        assertThat(ReservedWords.contains("tags")).isFalse();
        assertThat(ReservedWords.contains("pk")).isFalse();
        assertThat(ReservedWords.contains("statuses")).isFalse();
    }
}
