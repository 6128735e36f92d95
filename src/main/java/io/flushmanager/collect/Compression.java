package io.flushmanager.collect;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Streamed compression of the stored object. zstd needs zstd-jni's native library; when
 * it cannot load on this platform, the service says so once and stores gzip instead (the
 * key's suffix tells which).
 */
final class Compression {

	private static final Log logger = LogFactory.getLog(Compression.class);

	private final CollectProperties.Compress compress;

	private Compression(CollectProperties.Compress compress) {
		this.compress = compress;
	}

	static Compression of(CollectProperties.Compress wanted) {
		if (wanted == CollectProperties.Compress.ZSTD && !zstdLoads()) {
			return new Compression(CollectProperties.Compress.GZIP);
		}
		return new Compression(wanted);
	}

	private static boolean zstdLoads() {
		try {
			com.github.luben.zstd.util.Native.load();
			return true;
		}
		catch (Throwable ex) {
			logger.warn("flush-manager.collect.compress=zstd: the zstd native library does not load here ("
					+ ex.getMessage() + "); storing gzip (.gz) instead");
			return false;
		}
	}

	CollectProperties.Compress kind() {
		return this.compress;
	}

	OutputStream wrap(OutputStream out) throws IOException {
		return switch (this.compress) {
			case NONE -> out;
			case GZIP -> new GZIPOutputStream(out, 65536);
			case ZSTD -> new com.github.luben.zstd.ZstdOutputStream(out, 3);
		};
	}

}
