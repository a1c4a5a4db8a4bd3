package io.github.hsmkeystore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ProductTest {
    private static final String CARD = "4111-1111-1111-1234";

    @Test
    void toString_masksCardNumberButKeepsLastFour() {
        Product p = new Product("p-1", "Laptop", new BigDecimal("1299.99"), Instant.parse("2026-11-29T00:00:00Z"), CARD);
        assertThat(p.toString()).doesNotContain("4111").doesNotContain(CARD).contains("************1234")
                .contains("Laptop").contains("1299.99");
    }

    @Test
    void mask_handlesShortAndNullNumbers() {
        assertThat(CardNumbers.mask(null)).isEqualTo("null");
        assertThat(CardNumbers.mask("123")).isEqualTo("****");
        assertThat(CardNumbers.mask("4111 1111 1111 1111 1234")).isEqualTo("*".repeat(16) + "1234");
    }

    @Test
    void schema_mapsEveryFieldWithPriceAsExactNumber() {
        TableSchema<Product> schema = TableSchema.fromBean(Product.class);
        Product p = new Product("p-1", "Laptop", new BigDecimal("1299.990000000000000000000000000000001"),
                Instant.parse("2026-11-29T10:15:30.123Z"), CARD);
        var item = schema.itemToMap(p, true);
        assertThat(item.get("id")).isEqualTo(AttributeValue.fromS("p-1"));
        assertThat(item.get("price").n()).isEqualTo("1299.990000000000000000000000000000001");
        assertThat(item.get("createdAt").s()).isEqualTo("2026-11-29T10:15:30.123Z");
        assertThat(schema.mapToItem(item)).isEqualTo(p);
    }

    @Test
    void equals_ignoresPriceScale() {
        Instant t = Instant.parse("2026-11-29T00:00:00Z");
        assertThat(new Product("a", "n", new BigDecimal("1.50"), t, CARD)).isEqualTo(new Product("a", "n", new BigDecimal("1.5"), t, CARD))
                .hasSameHashCodeAs(new Product("a", "n", new BigDecimal("1.5"), t, CARD));
    }
}
