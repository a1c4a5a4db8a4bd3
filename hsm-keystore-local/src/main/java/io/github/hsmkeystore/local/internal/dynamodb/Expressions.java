package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses DynamoDB expressions (condition, filter, key condition, update, projection) with a tokenizer and a
 * recursive-descent parser, resolving {@code #name} and {@code :value} placeholders. One instance per request, so it
 * can report placeholders that were given but never used, as DynamoDB does.
 */
final class Expressions {
    private final Map<String, String> names;
    private final Map<String, JsonNode> values;
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    Expressions(Map<String, String> names, Map<String, JsonNode> values) {
        this.names = names;
        this.values = values;
        values.forEach((k, v) -> Values.validate(v, "ExpressionAttributeValues " + k));
    }

    // ---- AST ----

    /** A value-producing operand: a path, a placeholder value or a function; null when the path is missing. */
    interface Operand {
        JsonNode eval(ObjectNode item);
    }

    /** A condition over an item. */
    interface Condition {
        boolean test(ObjectNode item);
    }

    record PathOperand(DocumentPath path) implements Operand {
        @Override
        public JsonNode eval(ObjectNode item) {
            return path.get(item);
        }
    }

    record ValueOperand(JsonNode value) implements Operand {
        @Override
        public JsonNode eval(ObjectNode item) {
            return value;
        }
    }

    /** An update action: SET, REMOVE, ADD or DELETE on a path. */
    record UpdateAction(String kind, DocumentPath path, Operand value) {
    }

    // ---- entry points ----

    Condition condition(String expression, String what) {
        Parser p = new Parser(expression, what);
        Condition c = p.orCondition();
        p.expectEnd();
        return c;
    }

    /** One part of a key condition: an attribute and the condition on it. */
    record KeyPart(String attribute, String operator, Condition condition) {
    }

    /** A KeyConditionExpression: parts joined by AND, each on one key attribute (=, <, <=, >, >=, BETWEEN, begins_with). */
    List<KeyPart> keyCondition(String expression) {
        Parser p = new Parser(expression, "KeyConditionExpression");
        List<KeyPart> parts = new ArrayList<>();
        parts.add(p.keyPart());
        while (p.peekKeyword("AND")) {
            p.pos++;
            parts.add(p.keyPart());
        }
        p.expectEnd();
        return parts;
    }

    List<UpdateAction> update(String expression) {
        Parser p = new Parser(expression, "UpdateExpression");
        List<UpdateAction> actions = p.updateActions();
        p.expectEnd();
        for (int i = 0; i < actions.size(); i++) {
            for (int j = i + 1; j < actions.size(); j++) {
                if (actions.get(i).path().overlaps(actions.get(j).path())) {
                    throw invalid("UpdateExpression", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ["
                            + actions.get(i).path() + "], path two: [" + actions.get(j).path() + "]");
                }
            }
        }
        return actions;
    }

    List<DocumentPath> projection(String expression) {
        Parser p = new Parser(expression, "ProjectionExpression");
        List<DocumentPath> paths = new ArrayList<>();
        paths.add(p.path());
        while (p.accept(",")) {
            paths.add(p.path());
        }
        p.expectEnd();
        return paths;
    }

    /** DynamoDB rejects requests whose placeholders were given but not used. */
    void checkAllUsed() {
        Set<String> unusedNames = new HashSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw AwsException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: " + unusedNames);
        }
        Set<String> unusedValues = new HashSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw AwsException.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: " + unusedValues);
        }
    }

    private static AwsException invalid(String what, String message) {
        return AwsException.validation("Invalid " + what + ": " + message);
    }

    // ---- parser ----

    private final class Parser {
        private final List<String> tokens;
        private final String what;
        private int pos;

        Parser(String text, String what) {
            this.what = what;
            if (text == null || text.isBlank()) {
                throw invalid(what, "The expression can not be empty;");
            }
            this.tokens = tokenize(text);
        }

        private List<String> tokenize(String s) {
            List<String> out = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (Character.isLetter(c) || c == '_' || c == '#' || c == ':') {
                    int j = i + 1;
                    while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                        j++;
                    }
                    out.add(s.substring(i, j));
                    i = j;
                } else if (Character.isDigit(c)) {
                    int j = i;
                    while (j < s.length() && Character.isDigit(s.charAt(j))) {
                        j++;
                    }
                    out.add(s.substring(i, j));
                    i = j;
                } else if (s.startsWith("<=", i) || s.startsWith(">=", i) || s.startsWith("<>", i)) {
                    out.add(s.substring(i, i + 2));
                    i += 2;
                } else if ("()[],.=<>+-".indexOf(c) >= 0) {
                    out.add(String.valueOf(c));
                    i++;
                } else {
                    throw invalid(what, "Syntax error; token: \"" + c + "\", near: \"" + s + "\"");
                }
            }
            return out;
        }

        String peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        boolean peekKeyword(String keyword) {
            String t = peek();
            return t != null && t.equalsIgnoreCase(keyword);
        }

        boolean accept(String token) {
            if (token.equalsIgnoreCase(peek())) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(String token) {
            if (!accept(token)) {
                throw syntax();
            }
        }

        void expectEnd() {
            if (pos != tokens.size()) {
                throw syntax();
            }
        }

        AwsException syntax() {
            String near = pos < tokens.size() ? tokens.get(pos) : "<EOF>";
            return invalid(what, "Syntax error; token: \"" + near + "\", near: \"" + String.join(" ", tokens) + "\"");
        }

        // condition ::= and (OR and)*
        Condition orCondition() {
            Condition left = andCondition();
            while (accept("OR")) {
                Condition l = left;
                Condition r = andCondition();
                left = item -> l.test(item) || r.test(item);
            }
            return left;
        }

        Condition andCondition() {
            Condition left = notCondition();
            while (peekKeyword("AND")) {
                pos++;
                Condition l = left;
                Condition r = notCondition();
                left = item -> l.test(item) && r.test(item);
            }
            return left;
        }

        Condition notCondition() {
            if (accept("NOT")) {
                Condition inner = notCondition();
                return item -> !inner.test(item);
            }
            return primary();
        }

        Condition primary() {
            if (accept("(")) {
                Condition c = orCondition();
                expect(")");
                return c;
            }
            String t = peek();
            if (t != null && pos + 1 < tokens.size() && tokens.get(pos + 1).equals("(")) {
                String fn = t.toLowerCase(Locale.ROOT);
                switch (fn) {
                    case "attribute_exists", "attribute_not_exists" -> {
                        pos += 2;
                        DocumentPath path = path();
                        expect(")");
                        boolean exists = fn.equals("attribute_exists");
                        return item -> (path.get(item) != null) == exists;
                    }
                    case "attribute_type" -> {
                        pos += 2;
                        DocumentPath path = path();
                        expect(",");
                        Operand type = operand();
                        expect(")");
                        return item -> {
                            JsonNode v = path.get(item);
                            JsonNode wanted = type.eval(item);
                            if (wanted == null || !Values.type(wanted).equals("S") || !Values.TYPES.contains(Values.payload(wanted).textValue())) {
                                throw invalid(what, "Invalid attribute type name found; type: " + wanted + ", valid types: "
                                        + Values.TYPES);
                            }
                            return v != null && Values.type(v).equals(Values.payload(wanted).textValue());
                        };
                    }
                    case "begins_with" -> {
                        pos += 2;
                        Operand a = operand();
                        expect(",");
                        Operand b = operand();
                        expect(")");
                        return item -> beginsWith(a.eval(item), b.eval(item));
                    }
                    case "contains" -> {
                        pos += 2;
                        Operand a = operand();
                        expect(",");
                        Operand b = operand();
                        expect(")");
                        return item -> contains(a.eval(item), b.eval(item));
                    }
                    default -> {
                        if (!fn.equals("size")) {
                            throw invalid(what, "Invalid function name; function: " + t);
                        }
                    }
                }
            }
            Operand left = operand();
            String op = peek();
            if (op == null) {
                throw invalid(what, "The expression has a value that is not a condition");
            }
            switch (op.toUpperCase(Locale.ROOT)) {
                case "=", "<>", "<", "<=", ">", ">=" -> {
                    pos++;
                    Operand right = operand();
                    return item -> compare(op, left.eval(item), right.eval(item));
                }
                case "BETWEEN" -> {
                    pos++;
                    Operand low = operand();
                    if (!peekKeyword("AND")) {
                        throw syntax();
                    }
                    pos++;
                    Operand high = operand();
                    return item -> {
                        JsonNode v = left.eval(item);
                        JsonNode lo = low.eval(item);
                        JsonNode hi = high.eval(item);
                        if (lo != null && hi != null && Values.comparable(lo, hi) && Values.compare(lo, hi) > 0) {
                            throw invalid(what, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower operand: "
                                    + lo + ", upper operand: " + hi);
                        }
                        return Values.comparable(v, lo) && Values.comparable(v, hi)
                                && Values.compare(v, lo) >= 0 && Values.compare(v, hi) <= 0;
                    };
                }
                case "IN" -> {
                    pos++;
                    expect("(");
                    List<Operand> candidates = new ArrayList<>();
                    candidates.add(operand());
                    while (accept(",")) {
                        candidates.add(operand());
                    }
                    expect(")");
                    return item -> {
                        JsonNode v = left.eval(item);
                        return v != null && candidates.stream().anyMatch(c -> Values.equal(v, c.eval(item)));
                    };
                }
                default -> throw syntax();
            }
        }

        Operand operand() {
            String t = peek();
            if (t == null) {
                throw syntax();
            }
            if (t.startsWith(":")) {
                pos++;
                return new ValueOperand(value(t));
            }
            if (t.equalsIgnoreCase("size") && pos + 1 < tokens.size() && tokens.get(pos + 1).equals("(")) {
                pos += 2;
                DocumentPath path = path();
                expect(")");
                return item -> size(path.get(item));
            }
            return new PathOperand(path());
        }

        JsonNode value(String placeholder) {
            JsonNode v = values.get(placeholder);
            if (v == null) {
                throw invalid(what, "An expression attribute value used in expression is not defined; attribute value: " + placeholder);
            }
            usedValues.add(placeholder);
            return v;
        }

        DocumentPath path() {
            List<Object> elements = new ArrayList<>();
            elements.add(name());
            while (true) {
                if (accept(".")) {
                    elements.add(name());
                } else if (accept("[")) {
                    String index = peek();
                    if (index == null || !index.chars().allMatch(Character::isDigit)) {
                        throw syntax();
                    }
                    pos++;
                    elements.add(Integer.parseInt(index));
                    expect("]");
                } else {
                    return new DocumentPath(elements);
                }
            }
        }

        String name() {
            String t = peek();
            if (t == null || t.startsWith(":") || !(Character.isLetter(t.charAt(0)) || t.charAt(0) == '_' || t.charAt(0) == '#')) {
                throw syntax();
            }
            pos++;
            if (t.startsWith("#")) {
                String resolved = names.get(t);
                if (resolved == null) {
                    throw invalid(what, "An expression attribute name used in the document path is not defined; attribute name: " + t);
                }
                usedNames.add(t);
                return resolved;
            }
            if (ReservedWords.contains(t)) {
                // every bare name of a path, nested ones too; the keyword as written in the request
                throw invalid(what, "Attribute name is a reserved keyword; reserved keyword: " + t);
            }
            return t;
        }

        KeyPart keyPart() {
            if (accept("(")) {
                KeyPart inner = keyPart();
                expect(")");
                return inner;
            }
            int start = pos;
            String t = peek();
            boolean function = t != null && pos + 1 < tokens.size() && tokens.get(pos + 1).equals("(");
            if (function && !t.equalsIgnoreCase("begins_with")) {
                throw invalid(what, "Invalid operator used in KeyConditionExpression: " + t);
            }
            String attribute;
            String operator;
            if (function) {
                pos += 2;
                attribute = path().topName();
                operator = "begins_with";
            } else {
                DocumentPath path = path();
                if (path.elements().size() != 1) {
                    throw invalid(what, "KeyConditionExpressions cannot contain nested attributes: " + path);
                }
                attribute = path.topName();
                operator = peek() == null ? "" : peek().toUpperCase(Locale.ROOT);
                if (!Set.of("=", "<", "<=", ">", ">=", "BETWEEN").contains(operator)) {
                    throw invalid(what, "Invalid operator used in KeyConditionExpression: " + peek());
                }
            }
            pos = start;
            Condition condition = primary();
            return new KeyPart(attribute, operator, condition);
        }

        // update ::= (SET a, b | REMOVE p, q | ADD p v | DELETE p v)+
        List<UpdateAction> updateActions() {
            List<UpdateAction> actions = new ArrayList<>();
            Set<String> clauses = new HashSet<>();
            while (peek() != null) {
                String clause = peek().toUpperCase(Locale.ROOT);
                if (!Set.of("SET", "REMOVE", "ADD", "DELETE").contains(clause)) {
                    throw syntax();
                }
                if (!clauses.add(clause)) {
                    throw invalid(what, "The \"" + clause + "\" section can only be used once in an update expression;");
                }
                pos++;
                do {
                    DocumentPath path = path();
                    switch (clause) {
                        case "SET" -> {
                            expect("=");
                            actions.add(new UpdateAction("SET", path, setValue()));
                        }
                        case "REMOVE" -> actions.add(new UpdateAction("REMOVE", path, null));
                        default -> actions.add(new UpdateAction(clause, path, operand()));
                    }
                } while (accept(","));
            }
            return actions;
        }

        Operand setValue() {
            Operand left = setOperand();
            if (accept("+")) {
                Operand right = setOperand();
                return item -> arithmetic(left.eval(item), right.eval(item), true);
            }
            if (accept("-")) {
                Operand right = setOperand();
                return item -> arithmetic(left.eval(item), right.eval(item), false);
            }
            return left;
        }

        Operand setOperand() {
            String t = peek();
            if (t != null && pos + 1 < tokens.size() && tokens.get(pos + 1).equals("(")) {
                String fn = t.toLowerCase(Locale.ROOT);
                if (fn.equals("if_not_exists")) {
                    pos += 2;
                    DocumentPath path = path();
                    expect(",");
                    Operand fallback = setOperand();
                    expect(")");
                    return item -> {
                        JsonNode v = path.get(item);
                        return v != null ? v : fallback.eval(item);
                    };
                }
                if (fn.equals("list_append")) {
                    pos += 2;
                    Operand a = setOperand();
                    expect(",");
                    Operand b = setOperand();
                    expect(")");
                    return item -> listAppend(a.eval(item), b.eval(item));
                }
                throw invalid(what, "Invalid function name; function: " + t);
            }
            return operand();
        }

        private JsonNode arithmetic(JsonNode a, JsonNode b, boolean plus) {
            if (a == null || b == null) {
                throw invalid(what, "The provided expression refers to an attribute that does not exist in the item");
            }
            if (!Values.type(a).equals("N") || !Values.type(b).equals("N")) {
                throw invalid(what, "Incorrect operand type for operator or function; operator or function: " + (plus ? "+" : "-")
                        + ", operand type: " + (Values.type(a).equals("N") ? Values.type(b) : Values.type(a)));
            }
            var x = Values.number(Values.payload(a).textValue());
            var y = Values.number(Values.payload(b).textValue());
            return Values.n(plus ? x.add(y) : x.subtract(y));
        }

        private JsonNode listAppend(JsonNode a, JsonNode b) {
            if (a == null || b == null) {
                throw invalid(what, "The provided expression refers to an attribute that does not exist in the item");
            }
            if (!Values.type(a).equals("L") || !Values.type(b).equals("L")) {
                throw invalid(what, "Incorrect operand type for operator or function; operator or function: list_append, operand type: "
                        + (Values.type(a).equals("L") ? Values.type(b) : Values.type(a)));
            }
            ObjectNode out = io.github.hsmkeystore.local.internal.Json.object();
            var list = out.putArray("L");
            Values.payload(a).forEach(e -> list.add(e.deepCopy()));
            Values.payload(b).forEach(e -> list.add(e.deepCopy()));
            return out;
        }

        private boolean compare(String op, JsonNode a, JsonNode b) {
            if (op.equals("=")) {
                return a != null && b != null && Values.equal(a, b);
            }
            if (op.equals("<>")) {
                // the negation of "=": an attribute the item does not have is not equal to any value (as on DynamoDB)
                return a == null || b == null || !Values.equal(a, b);
            }
            if (!Values.comparable(a, b)) {
                return false;
            }
            int c = Values.compare(a, b);
            return switch (op) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }

        private boolean beginsWith(JsonNode a, JsonNode prefix) {
            if (a == null || prefix == null) {
                return false;
            }
            String t = Values.type(a);
            if (!t.equals(Values.type(prefix)) || !(t.equals("S") || t.equals("B"))) {
                return false;
            }
            if (t.equals("S")) {
                return Values.payload(a).textValue().startsWith(Values.payload(prefix).textValue());
            }
            byte[] x = Values.bytes(Values.payload(a).textValue());
            byte[] p = Values.bytes(Values.payload(prefix).textValue());
            return x.length >= p.length && java.util.Arrays.equals(java.util.Arrays.copyOf(x, p.length), p);
        }

        private boolean contains(JsonNode a, JsonNode b) {
            if (a == null || b == null) {
                return false;
            }
            String t = Values.type(a);
            JsonNode v = Values.payload(a);
            switch (t) {
                case "S":
                    return Values.type(b).equals("S") && v.textValue().contains(Values.payload(b).textValue());
                case "SS":
                case "BS":
                    return Values.type(b).equals(t.substring(0, 1)) && containsText(v, Values.payload(b).textValue());
                case "NS":
                    if (!Values.type(b).equals("N")) {
                        return false;
                    }
                    for (JsonNode e : v) {
                        if (Values.number(e.textValue()).compareTo(Values.number(Values.payload(b).textValue())) == 0) {
                            return true;
                        }
                    }
                    return false;
                case "L":
                    for (JsonNode e : v) {
                        if (Values.equal(e, b)) {
                            return true;
                        }
                    }
                    return false;
                default:
                    return false;
            }
        }

        private boolean containsText(JsonNode array, String value) {
            for (JsonNode e : array) {
                if (e.textValue().equals(value)) {
                    return true;
                }
            }
            return false;
        }

        private JsonNode size(JsonNode v) {
            if (v == null) {
                return null;
            }
            JsonNode p = Values.payload(v);
            long n = switch (Values.type(v)) {
                case "S" -> p.textValue().length();
                case "B" -> Values.bytes(p.textValue()).length;
                case "SS", "NS", "BS", "L", "M" -> p.size();
                default -> throw invalid(what, "Incorrect operand type for operator or function; operator or function: size, operand type: "
                        + Values.type(v));
            };
            return Values.n(java.math.BigDecimal.valueOf(n));
        }
    }
}
