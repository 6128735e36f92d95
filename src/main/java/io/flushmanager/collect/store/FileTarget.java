package io.flushmanager.collect.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code file:///dir}: a copy written under the key, atomically (a hidden temporary in
 * the same directory, forced, then renamed), with the checksums as extended attributes
 * where the filesystem keeps them. Verification reads the stored file back.
 */
public final class FileTarget implements Target {

	private static final String SHA256 = "fm.sha256";

	private static final String CONTENT_SHA256 = "fm.content-sha256";

	private static final String CONTENT_SIZE = "fm.content-size";

	private final Path root;

	public FileTarget(Path root) {
		this.root = root.normalize();
	}

	@Override
	public String url(String key) {
		return resolve(key).toUri().toString();
	}

	private Path resolve(String key) {
		Path path = this.root.resolve(key).normalize();
		if (!path.startsWith(this.root) || path.equals(this.root)) {
			throw new IllegalArgumentException("The key " + key + " leaves the target directory");
		}
		return path;
	}

	@Override
	public void store(String key, Path spool, StoredObject object) throws IOException {
		Path path = resolve(key);
		Files.createDirectories(path.getParent());
		Path temp = path.resolveSibling(".fm-" + path.getFileName() + ".tmp");
		try (InputStream in = Files.newInputStream(spool);
				FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
						StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
				OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
			in.transferTo(out);
			channel.force(true);
		}
		writeAttributes(temp, object);
		try {
			Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
		}
		try (FileChannel dir = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
			dir.force(true);
		}
		catch (IOException ex) {
			// some filesystems refuse to open a directory
		}
	}

	private static void writeAttributes(Path file, StoredObject object) {
		UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
		if (view == null) {
			return;
		}
		try {
			view.write(SHA256, StandardCharsets.UTF_8.encode(object.sha256()));
			view.write(CONTENT_SHA256, StandardCharsets.UTF_8.encode(object.contentSha256()));
			view.write(CONTENT_SIZE, StandardCharsets.UTF_8.encode(Long.toString(object.contentSize())));
		}
		catch (IOException | UnsupportedOperationException ex) {
			// tmpfs without user xattrs: verification reads the bytes back anyway
		}
	}

	@Override
	public Optional<StoredObject> stat(String key) throws IOException {
		Path path = resolve(key);
		if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
			return Optional.empty();
		}
		MessageDigest digest = Sha256.digest();
		long size;
		try (InputStream in = new DigestInputStream(Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS), digest)) {
			size = in.transferTo(OutputStream.nullOutputStream());
		}
		String contentSha256 = attribute(path, CONTENT_SHA256);
		String contentSize = attribute(path, CONTENT_SIZE);
		return Optional.of(new StoredObject(size, HexFormat.of().formatHex(digest.digest()),
				(contentSha256 != null) ? contentSha256 : "",
				(contentSize != null) ? Long.parseLong(contentSize) : -1));
	}

	private static String attribute(Path path, String name) {
		UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
				LinkOption.NOFOLLOW_LINKS);
		try {
			if (view == null || !view.list().contains(name)) {
				return null;
			}
			ByteBuffer buffer = ByteBuffer.allocate(view.size(name));
			view.read(name, buffer);
			buffer.flip();
			return StandardCharsets.UTF_8.decode(buffer).toString();
		}
		catch (IOException | UnsupportedOperationException ex) {
			return null;
		}
	}

	@Override
	public void delete(String key) throws IOException {
		Files.deleteIfExists(resolve(key));
	}

}
