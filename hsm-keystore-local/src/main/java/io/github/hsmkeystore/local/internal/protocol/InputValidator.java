package io.github.hsmkeystore.local.internal.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.BiFunction;

/**
 * Checks a request body against its operation's input shape in the order the AWS JSON services do: first the types of
 * the whole body ({@code SerializationException} at the first mismatch), then every constraint of the model, reported
 * together ({@code ValidationException}). Generic over the model; a service adds its refinements through
 * {@code substitute}. Operations the model does not have are not checked (the service answers them).
 */
public final class InputValidator {
    private final ServiceModel model;
    private final BiFunction<Shape, JsonNode, Shape> substitute;
    private final ValueRenderer renderer;

    /**
     * @param substitute the shape whose constraints apply to a value, given its declared shape (return the declared
     *                   shape when there is no refinement)
     * @param renderer how values are printed in validation messages
     */
    public InputValidator(ServiceModel model, BiFunction<Shape, JsonNode, Shape> substitute, ValueRenderer renderer) {
        this.model = model;
        this.substitute = substitute;
        this.renderer = renderer;
    }

    /** The model this validator checks against. */
    public ServiceModel model() {
        return model;
    }

    /**
     * Checks (and normalises in place: {@code null} and unknown members dropped) the body of an operation.
     *
     * @throws io.github.hsmkeystore.local.internal.AwsException {@code SerializationException} or {@code ValidationException}
     */
    public void validate(String operation, ObjectNode body) {
        Shape input = model.input(operation);
        if (input == null) {
            return;
        }
        boolean nullsInCollections = TypeChecker.check(input, body);
        ConstraintChecker.check(input, body, substitute, renderer, nullsInCollections);
    }
}
