package io.flushmanager.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * No call of this service needs more than a small body. A declared {@code Content-Length} above the limit
 * is answered {@code 413} at once; a chunked body (no declared length) is read up to the limit before the
 * call runs and answered {@code 413} when it goes beyond, since a call that ignores its body (a restart)
 * would otherwise run. Any other body is cut off at the limit, so reading it fails with {@code 400}
 * instead of filling the heap.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	/** The largest body accepted. */
	public static final int MAX_BODY_BYTES = 64 * 1024;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > MAX_BODY_BYTES) {
			response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
					"Request body larger than " + MAX_BODY_BYTES + " bytes");
			return;
		}
		if (request.getContentLengthLong() < 0 && isChunked(request)) {
			byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
			if (body.length > MAX_BODY_BYTES) {
				response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
						"Request body larger than " + MAX_BODY_BYTES + " bytes");
				return;
			}
			chain.doFilter(new BufferedRequest(request, body), response);
			return;
		}
		chain.doFilter(new LimitedRequest(request), response);
	}

	private static boolean isChunked(HttpServletRequest request) {
		String encoding = request.getHeader("Transfer-Encoding");
		return encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked");
	}

	/** A request whose (small) body was read already. */
	private static final class BufferedRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		private ServletInputStream stream;

		BufferedRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			if (this.stream == null) {
				java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(this.body);
				this.stream = new ServletInputStream() {

					@Override
					public int read() {
						return in.read();
					}

					@Override
					public int read(byte[] buffer, int offset, int length) {
						return in.read(buffer, offset, length);
					}

					@Override
					public boolean isFinished() {
						return in.available() == 0;
					}

					@Override
					public boolean isReady() {
						return true;
					}

					@Override
					public void setReadListener(ReadListener listener) {
						throw new UnsupportedOperationException("The body was read already");
					}

				};
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream());
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private long read;

		LimitedInputStream(ServletInputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b != -1) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws IOException {
			this.read += n;
			if (this.read > MAX_BODY_BYTES) {
				throw new IOException("Request body larger than " + MAX_BODY_BYTES + " bytes");
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
