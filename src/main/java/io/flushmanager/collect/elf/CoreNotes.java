package io.flushmanager.collect.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Reads what crashed from an ELF core file's own notes ({@code NT_PRPSINFO}: executable
 * name, PID, arguments), with no external tool. Only the ELF header, the program headers
 * and the note segments are read; anything that is not an ELF core, or is malformed,
 * gives nothing rather than an error.
 */
public final class CoreNotes {

	private static final int ET_CORE = 4;

	private static final int PT_NOTE = 4;

	private static final int NT_PRPSINFO = 3;

	/** Notes larger than this are not a real core's; they are skipped. */
	private static final long MAX_NOTES = 16L << 20;

	private CoreNotes() {
	}

	/**
	 * What crashed.
	 *
	 * @param executable the executable's name as the kernel keeps it (at most 15
	 * characters)
	 * @param pid its PID
	 * @param args its command line as the kernel keeps it (at most 80 characters)
	 */
	public record CoreInfo(String executable, long pid, String args) {

	}

	/**
	 * @param file a file, perhaps an ELF core
	 * @return what the core says, empty when it is none or malformed
	 */
	public static Optional<CoreInfo> read(Path file) {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
			return read(channel);
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	static Optional<CoreInfo> read(FileChannel channel) throws IOException {
		ByteBuffer header = readAt(channel, 0, 64);
		if (header.remaining() < 52 || header.get(0) != 0x7f || header.get(1) != 'E' || header.get(2) != 'L'
				|| header.get(3) != 'F') {
			return Optional.empty();
		}
		boolean is64 = header.get(4) == 2;
		header.order((header.get(5) == 2) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
		if (Short.toUnsignedInt(header.getShort(16)) != ET_CORE) {
			return Optional.empty();
		}
		long phoff = is64 ? header.getLong(32) : Integer.toUnsignedLong(header.getInt(28));
		int phentsize = Short.toUnsignedInt(header.getShort(is64 ? 54 : 42));
		int phnum = Short.toUnsignedInt(header.getShort(is64 ? 56 : 44));
		if (phentsize < (is64 ? 56 : 32) || phnum == 0) {
			return Optional.empty();
		}
		ByteBuffer headers = readAt(channel, phoff, (long) phentsize * phnum).order(header.order());
		for (int i = 0; i < phnum && (i + 1) * phentsize <= headers.limit(); i++) {
			int base = i * phentsize;
			if (headers.getInt(base) != PT_NOTE) {
				continue;
			}
			long offset = is64 ? headers.getLong(base + 8) : Integer.toUnsignedLong(headers.getInt(base + 4));
			long size = is64 ? headers.getLong(base + 32) : Integer.toUnsignedLong(headers.getInt(base + 16));
			if (size <= 0 || size > MAX_NOTES) {
				continue;
			}
			Optional<CoreInfo> info = prpsinfo(readAt(channel, offset, size).order(header.order()), is64);
			if (info.isPresent()) {
				return info;
			}
		}
		return Optional.empty();
	}

	private static Optional<CoreInfo> prpsinfo(ByteBuffer notes, boolean is64) {
		int position = 0;
		while (position + 12 <= notes.limit()) {
			long namesz = Integer.toUnsignedLong(notes.getInt(position));
			long descsz = Integer.toUnsignedLong(notes.getInt(position + 4));
			int type = notes.getInt(position + 8);
			long desc = position + 12 + align(namesz);
			long next = desc + align(descsz);
			if (next > notes.limit()) {
				return Optional.empty();
			}
			if (type == NT_PRPSINFO) {
				return Optional.of(decode(notes, (int) desc, (int) descsz, is64));
			}
			position = (int) next;
		}
		return Optional.empty();
	}

	/** struct elf_prpsinfo: 136 bytes on 64-bit Linux, 124 on 32-bit. */
	private static CoreInfo decode(ByteBuffer notes, int desc, int size, boolean is64) {
		int pid = is64 ? 24 : 12;
		int fname = is64 ? 40 : 28;
		if (size < fname + 16 + 80) {
			throw new IllegalArgumentException("NT_PRPSINFO too short: " + size);
		}
		return new CoreInfo(string(notes, desc + fname, 16), Integer.toUnsignedLong(notes.getInt(desc + pid)),
				string(notes, desc + fname + 16, 80).strip());
	}

	private static String string(ByteBuffer buffer, int offset, int max) {
		int length = 0;
		while (length < max && buffer.get(offset + length) != 0) {
			length++;
		}
		byte[] bytes = new byte[length];
		buffer.get(offset, bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static long align(long size) {
		return (size + 3) & ~3L;
	}

	private static ByteBuffer readAt(FileChannel channel, long position, long size) throws IOException {
		if (position < 0 || size < 0 || size > MAX_NOTES) {
			throw new IOException("implausible ELF offsets");
		}
		ByteBuffer buffer = ByteBuffer.allocate((int) size);
		while (buffer.hasRemaining()) {
			if (channel.read(buffer, position + buffer.position()) < 0) {
				break;
			}
		}
		buffer.flip();
		return buffer;
	}

}
