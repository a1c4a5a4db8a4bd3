package io.github.hsmkeystore.clientside.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.clientside.AttributeAction;
import io.github.hsmkeystore.clientside.Card;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

class AttributeActionsTest {
    private static final TableSchema<Card> SCHEMA = TableSchema.fromBean(Card.class);

    @Test
    void of_annotatedBean_keySignOnlyAnnotationsReadRestEncrypted() {
        assertThat(AttributeActions.of(SCHEMA, Map.of()))
                .containsEntry("id", AttributeAction.SIGN_ONLY)
                .containsEntry("holder", AttributeAction.SIGN_ONLY)
                .containsEntry("note", AttributeAction.DO_NOTHING)
                .containsEntry("creditCard", AttributeAction.ENCRYPT_AND_SIGN)
                .hasSize(4);
    }

    @Test
    void of_explicitActions_overrideAnnotations() {
        assertThat(AttributeActions.of(SCHEMA, Map.of("holder", AttributeAction.ENCRYPT_AND_SIGN,
                "creditCard", AttributeAction.DO_NOTHING)))
                .containsEntry("holder", AttributeAction.ENCRYPT_AND_SIGN)
                .containsEntry("creditCard", AttributeAction.DO_NOTHING);
    }

    @Test
    void of_keyNotSignOnly_rejected() {
        assertThatThrownBy(() -> AttributeActions.of(SCHEMA, Map.of("id", AttributeAction.ENCRYPT_AND_SIGN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("primary key").hasMessageContaining("SIGN_ONLY");
    }

    @Test
    void of_unknownAttribute_rejectedNamingTheKnownOnes() {
        assertThatThrownBy(() -> AttributeActions.of(SCHEMA, Map.of("cvv", AttributeAction.SIGN_ONLY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cvv'").hasMessageContaining("creditCard");
    }
}
