package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.dynamodb.Expressions.Condition;
import io.github.hsmkeystore.local.internal.dynamodb.Expressions.KeyPart;
import io.github.hsmkeystore.local.internal.dynamodb.Expressions.Operand;
import io.github.hsmkeystore.local.internal.dynamodb.Expressions.PathOperand;
import io.github.hsmkeystore.local.internal.dynamodb.Expressions.UpdateAction;
import io.github.hsmkeystore.local.internal.dynamodb.Expressions.ValueOperand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A tokenizer and recursive-descent parser for one DynamoDB expression of kind {@code what} (ConditionExpression,
 * FilterExpression, KeyConditionExpression, UpdateExpression or ProjectionExpression, the word DynamoDB puts in its error
 * messages). Placeholders resolve through the request's {@link Expressions}.
 */
final class ExpressionParser {
    /** Every expression string is at most 4 KB (docs/dynamodb-transactions-and-limits.md, "Expression limits"). */
    static final int MAX_EXPRESSION_BYTES = 4096;
    /**
     * A bound on the parser's recursion (parentheses and nested functions). Expressions within DynamoDB's limits never
     * reach it (300 operators, no redundant parentheses); only unbalanced input does, which is a syntax error anyway.
     */
    private static final int MAX_DEPTH = 400;
    /** The IN comparator takes at most 100 values (docs/dynamodb-transactions-and-limits.md, "Expression limits"). */
    private static final int MAX_IN_OPERANDS = 100;
    private final Expressions ex;
    private final List<String> tokens;
    private final String what;
    int pos;
    private int depth;

    ExpressionParser(Expressions ex, String text, String what) {
        this.ex = ex;
        this.what = what;
        if (text == null || text.isBlank()) {
            throw Expressions.invalid(what, "The expression can not be empty;");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_EXPRESSION_BYTES) {
            throw Expressions.invalid(what, "Expression size has exceeded the maximum allowed size;");
        }
        this.tokens = tokenize(text);
        ExpressionLimits.check(tokens, what);
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
                throw Expressions.invalid(what, "Syntax error; token: \"" + c + "\", near: \"" + s + "\"");
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
        return Expressions.invalid(what, "Syntax error; token: \"" + near + "\", near: \"" + String.join(" ", tokens) + "\"");
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
        int nots = 0;
        while (accept("NOT")) {
            nots++;
        }
        Condition inner = primary();
        return nots % 2 == 0 ? inner : item -> !inner.test(item);
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw syntax();
        }
    }

    Condition primary() {
        if (accept("(")) {
            enter();
            Condition c = orCondition();
            expect(")");
            depth--;
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
                            throw Expressions.invalid(what, "Invalid attribute type name found; type: " + wanted + ", valid types: "
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
                    return item -> ExpressionFunctions.beginsWith(a.eval(item), b.eval(item));
                }
                case "contains" -> {
                    pos += 2;
                    Operand a = operand();
                    expect(",");
                    Operand b = operand();
                    expect(")");
                    return item -> ExpressionFunctions.contains(a.eval(item), b.eval(item));
                }
                default -> {
                    if (!fn.equals("size")) {
                        throw Expressions.invalid(what, "Invalid function name; function: " + t);
                    }
                }
            }
        }
        Operand left = operand();
        String op = peek();
        if (op == null) {
            throw Expressions.invalid(what, "The expression has a value that is not a condition");
        }
        switch (op.toUpperCase(Locale.ROOT)) {
            case "=", "<>", "<", "<=", ">", ">=" -> {
                pos++;
                Operand right = operand();
                return item -> ExpressionFunctions.compare(op, left.eval(item), right.eval(item));
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
                        throw Expressions.invalid(what, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower operand: "
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
                if (candidates.size() > MAX_IN_OPERANDS) {
                    throw Expressions.invalid(what, "The IN operator is provided with too many operands; number of operands: " + candidates.size());
                }
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
            return item -> ExpressionFunctions.size(path.get(item), what);
        }
        return new PathOperand(path());
    }

    JsonNode value(String placeholder) {
        return ex.value(placeholder, what);
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
                String digits = index.replaceFirst("^0+(?=.)", "");
                if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
                    throw Expressions.invalid(what, "List index is not within the allowable range; index: [" + index + "]");
                }
                elements.add(Integer.parseInt(digits));
                expect("]");
            } else {
                if (elements.size() > ExpressionLimits.MAX_PATH_DEPTH) {
                    throw Expressions.invalid(what, "The document path has too many nesting levels; nesting levels: " + elements.size());
                }
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
            return ex.name(t, what);
        }
        if (ReservedWords.contains(t)) {
            // every bare name of a path, nested ones too; the keyword as written in the request
            throw Expressions.invalid(what, "Attribute name is a reserved keyword; reserved keyword: " + t);
        }
        return t;
    }

    KeyPart keyPart() {
        if (accept("(")) {
            enter();
            KeyPart inner = keyPart();
            expect(")");
            depth--;
            return inner;
        }
        int start = pos;
        String t = peek();
        boolean function = t != null && pos + 1 < tokens.size() && tokens.get(pos + 1).equals("(");
        if (function && !t.equalsIgnoreCase("begins_with")) {
            throw Expressions.invalid(what, "Invalid operator used in KeyConditionExpression: " + t);
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
                throw Expressions.invalid(what, "KeyConditionExpressions cannot contain nested attributes: " + path);
            }
            attribute = path.topName();
            operator = peek() == null ? "" : peek().toUpperCase(Locale.ROOT);
            if (!Set.of("=", "<", "<=", ">", ">=", "BETWEEN").contains(operator)) {
                throw Expressions.invalid(what, "Invalid operator used in KeyConditionExpression: " + peek());
            }
        }
        pos = start;
        Condition condition = primary();
        List<JsonNode> operands = new ArrayList<>(); // the values compared with the key, in order (index bounds)
        for (int i = start; i < pos; i++) {
            if (tokens.get(i).startsWith(":")) {
                operands.add(ex.value(tokens.get(i), what));
            }
        }
        return new KeyPart(attribute, operator, condition, operands);
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
                throw Expressions.invalid(what, "The \"" + clause + "\" section can only be used once in an update expression;");
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
                    default -> {
                        // ADD and DELETE take a value placeholder, never a path or a function
                        String operand = peek();
                        if (operand == null || !operand.startsWith(":")) {
                            throw syntax();
                        }
                        actions.add(new UpdateAction(clause, path, operand()));
                    }
                }
            } while (accept(","));
        }
        return actions;
    }

    Operand setValue() {
        Operand left = setOperand();
        if (accept("+")) {
            Operand right = setOperand();
            return item -> ExpressionFunctions.arithmetic(left.eval(item), right.eval(item), true, what);
        }
        if (accept("-")) {
            Operand right = setOperand();
            return item -> ExpressionFunctions.arithmetic(left.eval(item), right.eval(item), false, what);
        }
        return left;
    }

    Operand setOperand() {
        String t = peek();
        if (t != null && pos + 1 < tokens.size() && tokens.get(pos + 1).equals("(")) {
            String fn = t.toLowerCase(Locale.ROOT);
            if (fn.equals("if_not_exists")) {
                pos += 2;
                enter();
                DocumentPath path = path();
                expect(",");
                Operand fallback = setOperand();
                expect(")");
                depth--;
                return item -> {
                    JsonNode v = path.get(item);
                    return v != null ? v : fallback.eval(item);
                };
            }
            if (fn.equals("list_append")) {
                pos += 2;
                enter();
                Operand a = setOperand();
                expect(",");
                Operand b = setOperand();
                expect(")");
                depth--;
                return item -> ExpressionFunctions.listAppend(a.eval(item), b.eval(item), what);
            }
            throw Expressions.invalid(what, "Invalid function name; function: " + t);
        }
        return operand();
    }
}
