package io.github.hsmkeystore.local.internal.cloudhsm;

import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.cloudhsm.ClusterAccess.LoginResult;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The users inside a cluster's HSMs, managed on AWS with the CloudHSM CLI, not the API (aws-semantics 2.5,
 * 4.3): the built-in {@code admin}, crypto users such as {@code kmsuser}. Passwords are kept only as salted
 * hashes. Not thread-safe: the owning cluster guards it.
 */
final class ClusterUsers {
    static final int MAX_FAILED_LOGINS = 5;
    static final int MAX_USERS = 1024;
    private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9_]{1,31}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, User> users = new LinkedHashMap<>();

    private static final class User {
        final String role;
        byte[] salt;
        byte[] hash;
        int failedLogins;
        boolean loggedIn;

        User(String role, char[] password) {
            this.role = role;
            setPassword(password);
        }

        private User(User other) {
            this.role = other.role;
            this.salt = other.salt.clone();
            this.hash = other.hash.clone();
            this.failedLogins = other.failedLogins;
        }

        User copy() {
            return new User(this);
        }

        void setPassword(char[] password) {
            salt = new byte[16];
            RANDOM.nextBytes(salt);
            hash = hash(salt, password);
        }

        boolean matches(char[] password) {
            return MessageDigest.isEqual(hash, hash(salt, password));
        }
    }

    /** A copy for a backup: the same users, password hashes and lock-out counters, nobody logged in. */
    ClusterUsers copy() {
        ClusterUsers out = new ClusterUsers();
        users.forEach((name, u) -> out.users.put(name, u.copy()));
        return out;
    }

    /** {@code cluster activate}: sets the admin password (the admin's role goes from unactivated-admin to admin). */
    void activateAdmin(char[] password) {
        checkPassword(password);
        users.put("admin", new User("admin", password));
    }

    /** {@code user create}: adds a user; names are stored lower-case, as the CLI does. */
    void create(String username, String role, char[] password) {
        if (!USERNAME.matcher(username).matches()) {
            throw CloudHsmErrors.invalidRequest("Username '" + username
                    + "' is invalid: use 1-31 letters, digits or '_'");
        }
        if (!role.equals("crypto-user") && !role.equals("admin")) {
            throw CloudHsmErrors.invalidRequest("Role '" + role + "' is invalid: use crypto-user or admin");
        }
        checkPassword(password);
        String name = username.toLowerCase(Locale.ROOT);
        if (users.containsKey(name)) {
            throw new AwsException(409, "CloudHsmInvalidRequestException", "User " + name + " already exists in the cluster");
        }
        if (users.size() >= MAX_USERS) {
            throw CloudHsmErrors.limitExceeded("A cluster holds at most " + MAX_USERS + " users");
        }
        users.put(name, new User(role, password));
    }

    LoginResult login(String username, char[] password) {
        User user = users.get(username.toLowerCase(Locale.ROOT));
        if (user == null) {
            return LoginResult.USER_NOT_FOUND;
        }
        if (user.failedLogins >= MAX_FAILED_LOGINS) {
            return LoginResult.USER_LOCKED_OUT;
        }
        if (!user.matches(password)) {
            user.failedLogins++;
            return user.failedLogins >= MAX_FAILED_LOGINS ? LoginResult.USER_LOCKED_OUT : LoginResult.INVALID_CREDENTIALS;
        }
        if (user.loggedIn) {
            return LoginResult.USER_LOGGED_IN;
        }
        user.failedLogins = 0;
        user.loggedIn = true;
        return LoginResult.OK;
    }

    void logout(String username) {
        User user = users.get(username.toLowerCase(Locale.ROOT));
        if (user != null) {
            user.loggedIn = false;
        }
    }

    /** {@code user change-password}: also unlocks a locked-out user, as an admin reset does. */
    void changePassword(String username, char[] newPassword) {
        User user = users.get(username.toLowerCase(Locale.ROOT));
        if (user == null) {
            throw CloudHsmErrors.notFound("No user " + username + " in the cluster");
        }
        checkPassword(newPassword);
        user.setPassword(newPassword);
        user.failedLogins = 0;
    }

    boolean isActivated() {
        return users.containsKey("admin");
    }

    private static void checkPassword(char[] password) {
        if (password.length < 7 || password.length > 32) {
            throw CloudHsmErrors.invalidRequest("A cluster user's password must be 7-32 characters; got "
                    + password.length);
        }
    }

    private static byte[] hash(byte[] salt, char[] password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            byte[] bytes = new String(password).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] out = digest.digest(bytes);
            Arrays.fill(bytes, (byte) 0);
            return out;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
