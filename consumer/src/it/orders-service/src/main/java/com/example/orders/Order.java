package com.example.orders;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;

/** An order of the orders service: partition key {@code id}, global secondary index {@code by-customer}. */
@DynamoDbBean
public class Order {
    private String id;
    private String customer;
    private long totalCents;

    /** An empty order, for the enhanced client. */
    public Order() {
    }

    /**
     * An order.
     *
     * @param id the order id
     * @param customer the customer who placed it
     * @param totalCents its total in cents
     */
    public Order(String id, String customer, long totalCents) {
        this.id = id;
        this.customer = customer;
        this.totalCents = totalCents;
    }

    /** @return the order id (partition key) */
    @DynamoDbPartitionKey
    public String getId() {
        return id;
    }

    /** @param id the order id */
    public void setId(String id) {
        this.id = id;
    }

    /** @return the customer (partition key of the {@code by-customer} index) */
    @DynamoDbSecondaryPartitionKey(indexNames = OrderService.BY_CUSTOMER)
    public String getCustomer() {
        return customer;
    }

    /** @param customer the customer */
    public void setCustomer(String customer) {
        this.customer = customer;
    }

    /** @return the total in cents */
    public long getTotalCents() {
        return totalCents;
    }

    /** @param totalCents the total in cents */
    public void setTotalCents(long totalCents) {
        this.totalCents = totalCents;
    }
}
