package io.github.hsmkeystore.examples;

/** Masks payment card numbers for logs and {@code toString}: only the last four digits stay visible. */
public final class CardNumbers {
    private CardNumbers() {
    }

    /**
     * Masks a card number: {@code 4111 1111 1111 1234} becomes {@code ************1234}. Numbers of 4 digits or fewer,
     * and null, are fully masked, since even a short value is not safe to print.
     *
     * @param cardNumber the number, with or without spaces and dashes; may be null
     * @return the masked form, never the digits other than the last four
     */
    public static String mask(String cardNumber) {
        if (cardNumber == null) {
            return "null";
        }
        String digits = cardNumber.replaceAll("[^0-9]", "");
        if (digits.length() <= 4) {
            return "****";
        }
        return "*".repeat(digits.length() - 4) + digits.substring(digits.length() - 4);
    }
}
