package io.flushmanager.collect;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Counts what the compressor wrote: the stored size, known without a second stat of the
 * spool file. Its own type because the hand-off's store step is long enough without it.
 */
final class CountingOutputStream extends FilterOutputStream {

	private long count;

	CountingOutputStream(OutputStream out) {
		super(out);
	}

	@Override
	public void write(int b) throws IOException {
		this.out.write(b);
		this.count++;
	}

	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		this.out.write(b, off, len);
		this.count += len;
	}

	long count() {
		return this.count;
	}

}
