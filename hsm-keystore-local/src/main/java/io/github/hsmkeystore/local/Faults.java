package io.github.hsmkeystore.local;

import io.github.hsmkeystore.local.internal.AwsException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults injected on demand into the emulator's API: added latency, throttling and AWS errors, per service
 * and operation. Services are named {@code kms}, {@code cloudhsmv2} and {@code dynamodb} (any other name is refused
 * with an {@link IllegalArgumentException}); {@code "*"} matches any service or operation. Rules apply in the order added; an error
 * rule stops the request before it reaches the service, so it changes no state.
 *
 * <pre>{@code
 * local.faults().failNext("kms", "CreateCustomKeyStore", 1, 500, "KMSInternalException", "injected");
 * local.faults().latency("kms", "Encrypt", Duration.ofMillis(5));
 * }</pre>
 */
public final class Faults {
    /** The service names a rule may name: the emulated services' signing names, and {@code "*"}. */
    public static final List<String> SERVICES = List.of("kms", "cloudhsmv2", "dynamodb", "*");
    private final List<Rule> rules = new CopyOnWriteArrayList<>();

    /**
     * Adds {@code delay} to every matching request.
     *
     * @param service the service's signing name ({@link #SERVICES}), {@code "*"} for any
     * @param operation the operation, e.g. {@code Decrypt}, {@code "*"} for any
     * @param delay the delay added
     * @return this, for chaining
     */
    public Faults latency(String service, String operation, Duration delay) {
        Objects.requireNonNull(delay, "delay");
        rules.add(new Rule(service, operation, delay, 0, 0, null, null, Integer.MAX_VALUE));
        return this;
    }

    /**
     * Fails the next {@code times} matching requests with the given status, error type and message.
     *
     * @param service the service's signing name ({@link #SERVICES}), {@code "*"} for any
     * @param operation the operation, e.g. {@code Decrypt}, {@code "*"} for any
     * @param times how many requests fail, at least 1
     * @param status the HTTP status of the error response
     * @param errorType the error type, e.g. {@code KMSInternalException}
     * @param message the error message
     * @return this, for chaining
     */
    public Faults failNext(String service, String operation, int times, int status, String errorType, String message) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        rules.add(new Rule(service, operation, Duration.ZERO, 1.0, status,
                Objects.requireNonNull(errorType, "errorType"), message, times));
        return this;
    }

    /**
     * Fails a fraction (0..1] of matching requests, without limit, with the given error.
     *
     * @param service the service's signing name ({@link #SERVICES}), {@code "*"} for any
     * @param operation the operation, e.g. {@code Decrypt}, {@code "*"} for any
     * @param fraction the fraction of requests that fail, in (0, 1]
     * @param status the HTTP status of the error response
     * @param errorType the error type, e.g. {@code KMSInternalException}
     * @param message the error message
     * @return this, for chaining
     */
    public Faults failRandomly(String service, String operation, double fraction, int status, String errorType,
                               String message) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        rules.add(new Rule(service, operation, Duration.ZERO, fraction, status,
                Objects.requireNonNull(errorType, "errorType"), message, Integer.MAX_VALUE));
        return this;
    }

    /**
     * Throttles the next {@code times} matching requests with a 400 {@code ThrottlingException}.
     *
     * @param service the service's signing name ({@link #SERVICES}), {@code "*"} for any
     * @param operation the operation, e.g. {@code Decrypt}, {@code "*"} for any
     * @param times how many requests are throttled, at least 1
     * @return this, for chaining
     */
    public Faults throttleNext(String service, String operation, int times) {
        return failNext(service, operation, times, 400, "ThrottlingException", "Rate exceeded (injected by hsm-keystore-local)");
    }

    /** Removes every rule. */
    public void clear() {
        rules.clear();
    }

    /** Applies the matching rules to one request: sleeps for latency, throws for an error. */
    void apply(String service, String operation) {
        for (Rule rule : rules) {
            if (!rule.matches(service, operation)) {
                continue;
            }
            if (!rule.latency.isZero()) {
                sleep(rule.latency);
            }
            if (rule.errorType != null && rule.fire()) {
                throw new AwsException(rule.status, rule.errorType,
                        rule.message != null ? rule.message : "Fault injected by hsm-keystore-local");
            }
        }
        rules.removeIf(Rule::exhausted);
    }

    /** A rule naming a service the emulator does not have would never fire: refused. */
    private static String checkService(String service) {
        Objects.requireNonNull(service, "service");
        if (SERVICES.stream().noneMatch(service::equalsIgnoreCase)) {
            throw new IllegalArgumentException("Unknown service '" + service + "' for a fault; use one of " + SERVICES
                    + " (CloudHSM is cloudhsmv2)");
        }
        return service;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Rule {
        final String service;
        final String operation;
        final Duration latency;
        final double fraction;
        final int status;
        final String errorType;
        final String message;
        final AtomicInteger remaining;

        Rule(String service, String operation, Duration latency, double fraction, int status,
             String errorType, String message, int times) {
            this.service = checkService(service);
            this.operation = Objects.requireNonNull(operation, "operation");
            this.latency = latency;
            this.fraction = fraction;
            this.status = status;
            this.errorType = errorType;
            this.message = message;
            this.remaining = new AtomicInteger(times);
        }

        boolean matches(String svc, String op) {
            return (service.equals("*") || service.equalsIgnoreCase(svc)) && (operation.equals("*") || operation.equals(op));
        }

        boolean fire() {
            if (fraction < 1.0 && ThreadLocalRandom.current().nextDouble() >= fraction) {
                return false;
            }
            if (remaining.get() == Integer.MAX_VALUE) {
                return true;
            }
            return remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        }

        boolean exhausted() {
            return errorType != null && remaining.get() <= 0;
        }
    }
}
