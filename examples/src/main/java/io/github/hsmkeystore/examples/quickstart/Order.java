package io.github.hsmkeystore.examples.quickstart;

import java.math.BigDecimal;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;

/** The quick start's own item type: an order, found by id or, through the {@code by-customer} index, by customer. */
@DynamoDbBean
public class Order {
    private String id;
    private String customer;
    private BigDecimal total;

    /** For the enhanced client. */
    public Order() {
    }

    /**
     * An order.
     *
     * @param id the order id (partition key)
     * @param customer the customer (partition key of the {@code by-customer} index)
     * @param total the amount
     */
    public Order(String id, String customer, BigDecimal total) {
        this.id = id;
        this.customer = customer;
        this.total = total;
    }

    /** @return the order id */
    @DynamoDbPartitionKey
    public String getId() {
        return id;
    }

    /** @param id the order id */
    public void setId(String id) {
        this.id = id;
    }

    /** @return the customer */
    @DynamoDbSecondaryPartitionKey(indexNames = "by-customer")
    public String getCustomer() {
        return customer;
    }

    /** @param customer the customer */
    public void setCustomer(String customer) {
        this.customer = customer;
    }

    /** @return the amount */
    public BigDecimal getTotal() {
        return total;
    }

    /** @param total the amount */
    public void setTotal(BigDecimal total) {
        this.total = total;
    }

    @Override
    public String toString() {
        return "Order[id=" + id + ", customer=" + customer + ", total=" + total + "]";
    }
}
