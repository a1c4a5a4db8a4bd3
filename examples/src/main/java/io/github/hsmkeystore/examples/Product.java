package io.github.hsmkeystore.examples;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/**
 * A product of the catalogue, mapped with the DynamoDB enhanced client: {@code id} is the partition key, {@code price}
 * a {@link BigDecimal} (DynamoDB numbers keep 38 digits, so no float rounding), {@code createdAt} an ISO-8601 string.
 * The table encrypts every attribute at rest with its KMS key; {@link #toString()} masks the card number.
 */
@DynamoDbBean
public class Product {
    private String id;
    private String name;
    private BigDecimal price;
    private Instant createdAt;
    private String creditCard;

    /** For the enhanced client. */
    public Product() {
    }

    public Product(String id, String name, BigDecimal price, Instant createdAt, String creditCard) {
        this.id = id;
        this.name = name;
        this.price = price;
        this.createdAt = createdAt;
        this.creditCard = creditCard;
    }

    @DynamoDbPartitionKey
    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public BigDecimal getPrice() {
        return price;
    }

    public void setPrice(BigDecimal price) {
        this.price = price;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }

    /** The card number in clear: never log it; {@link #toString()} shows {@link CardNumbers#mask(String)}. */
    public String getCreditCard() {
        return creditCard;
    }

    public void setCreditCard(String creditCard) {
        this.creditCard = creditCard;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Product)) {
            return false;
        }
        Product p = (Product) o;
        return Objects.equals(id, p.id) && Objects.equals(name, p.name)
                && (price == null ? p.price == null : p.price != null && price.compareTo(p.price) == 0)
                && Objects.equals(createdAt, p.createdAt) && Objects.equals(creditCard, p.creditCard);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, price == null ? null : price.stripTrailingZeros(), createdAt, creditCard);
    }

    @Override
    public String toString() {
        return "Product[id=" + id + ", name=" + name + ", price=" + (price == null ? null : price.toPlainString())
                + ", createdAt=" + createdAt + ", creditCard=" + CardNumbers.mask(creditCard) + "]";
    }
}
