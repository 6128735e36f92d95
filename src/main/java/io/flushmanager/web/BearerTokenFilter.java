package io.flushmanager.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When {@code flush-manager.security.token} is set, lets a mutating call (any method but
 * GET, HEAD and OPTIONS, on {@code /api} and on actuator alike) through only with
 * {@code Authorization: Bearer <token>}; others get {@code 401}. Reads stay open: kubelet
 * probes and Prometheus carry no token.
 */
public class BearerTokenFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(BearerTokenFilter.class);

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

	private static final String BEARER = "Bearer ";

	private final byte @Nullable [] expectedDigest;

	/**
	 * @param token the token, or {@code null} or blank to leave mutating calls open
	 */
	public BearerTokenFilter(@Nullable String token) {
		this.expectedDigest = (token != null && !token.isBlank()) ? sha256(token.trim()) : null;
	}

	/**
	 * Whether mutating calls need a token.
	 * @return {@code true} when a token is configured
	 */
	public boolean enforcing() {
		return this.expectedDigest != null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.expectedDigest == null || SAFE_METHODS.contains(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			reject(request, response, "Authorization: Bearer <token> is required for " + request.getMethod()
					+ " (flush-manager.security.token is set)");
			return;
		}
		// Both sides are hashed first so that the comparison takes the same time whatever
		// the length.
		if (!MessageDigest.isEqual(this.expectedDigest, sha256(header.substring(BEARER.length()).trim()))) {
			reject(request, response, "The bearer token is not valid");
			return;
		}
		chain.doFilter(request, response);
	}

	private static void reject(HttpServletRequest request, HttpServletResponse response, String message)
			throws IOException {
		logger.warn("Rejected " + request.getMethod() + " " + request.getRequestURI() + " from "
				+ request.getRemoteAddr() + ": " + message);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"flush-manager\"");
		// sendError goes through the error controller, so the body has the same JSON
		// shape as every error.
		response.sendError(HttpServletResponse.SC_UNAUTHORIZED, message);
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
