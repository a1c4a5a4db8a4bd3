package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.TrustAnchor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The file system side of {@link TrustAnchor#generate(Path)}: the ownership and mode checks of the trust anchor
 * directory and its files, and writing a new file so that it appears complete or not at all.
 */
public final class AnchorFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AnchorFiles() {
    }

    /** Creates {@code dir} (and its missing parents), the directory itself {@code rwx------} on POSIX. */
    public static void createPrivateDirectory(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (posix(dir)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(dir);
        }
    }

    /**
     * Refuses a directory or file that someone else could have planted or can change (see {@link TrustAnchor#generate}).
     *
     * @throws IllegalStateException naming the path, what is wrong and the fix
     */
    public static void requirePrivate(Path path, boolean directory) throws IOException {
        if (!posix(path)) {
            return;
        }
        PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String fix = " Use a directory of your own, e.g. under your home directory, or fix it with chown/chmod"
                + " (chmod 700 for the directory, 600 for " + TrustAnchor.PRIVATE_KEY_FILE + ").";
        if (a.isSymbolicLink()) {
            throw new IllegalStateException("Trust anchor " + (directory ? "directory " : "file ") + path
                    + " is a symbolic link; refusing to use it." + fix);
        }
        if (directory != a.isDirectory()) {
            throw new IllegalStateException("Trust anchor path " + path + " is not a " + (directory ? "directory" : "regular file") + ".");
        }
        String me = System.getProperty("user.name");
        UserPrincipal owner = a.owner();
        UserPrincipal current;
        try {
            current = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(me);
        } catch (IOException e) {
            current = null;
        }
        if (current == null || !current.equals(owner)) {
            throw new IllegalStateException("Trust anchor " + (directory ? "directory " : "file ") + path + " is owned by "
                    + owner.getName() + ", not by " + me + " who runs this JVM; someone else could have planted or can"
                    + " replace the CA that signs the cluster certificate." + fix);
        }
        Set<PosixFilePermission> perms = a.permissions();
        boolean othersWrite = perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
        boolean keyReadable = path.getFileName().toString().equals(TrustAnchor.PRIVATE_KEY_FILE)
                && (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ));
        if (othersWrite || keyReadable) {
            throw new IllegalStateException("Trust anchor " + (directory ? "directory " : "file ") + path + " has mode "
                    + PosixFilePermissions.toString(perms) + ": " + (othersWrite ? "group or others can write it" : "group or"
                    + " others can read the private key") + "." + fix);
        }
    }

    /**
     * Writes a new file that appears complete or not at all: the content goes to a hidden temporary file in the same
     * directory (created owner read/write only when {@code ownerOnly}, else with the process's default mode), is
     * forced to the disk, and the file is then put in place under {@code target} in one step that never replaces an
     * existing file.
     *
     * @throws IllegalStateException if {@code target} exists (e.g. another process made a trust anchor there meanwhile)
     */
    public static void writeNew(Path target, String content, boolean ownerOnly) throws IOException {
        boolean posix = posix(target);
        Path tmp = target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
        FileAttribute<?>[] attributes = ownerOnly && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
        try {
            try (FileChannel out = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
                ByteBuffer bytes = StandardCharsets.US_ASCII.encode(content);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            if (ownerOnly && posix) {
                Files.setPosixFilePermissions(tmp, OWNER_ONLY); // exactly rw-------, whatever the umask
            }
            publish(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Gives {@code tmp}'s file the name {@code target} atomically without replacing an existing {@code target}: a hard
     * link (link(2) fails if the name exists); where the file system has no hard links, an atomic rename after a
     * check that {@code target} does not exist.
     */
    private static void publish(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
            return;
        } catch (FileAlreadyExistsException e) {
            throw refuseOverwrite(target, e);
        } catch (UnsupportedOperationException | FileSystemException e) {
            // no hard links here: rename below
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw refuseOverwrite(target, null);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static IllegalStateException refuseOverwrite(Path target, Exception cause) {
        return new IllegalStateException("Refusing to overwrite " + target + ", which appeared while the trust anchor was"
                + " being generated; is another process generating a trust anchor in the same directory?", cause);
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
