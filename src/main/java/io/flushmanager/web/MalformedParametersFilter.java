package io.flushmanager.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Parses the request parameters up front, so that a malformed query (such as
 * {@code ?path=%zz}) is answered {@code 400} with the usual JSON body instead of failing
 * deep inside request handling, where Tomcat's exception is logged as a server error.
 */
public class MalformedParametersFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			request.getParameterMap();
		}
		catch (IllegalStateException ex) {
			// Tomcat's InvalidParameterException (bad %-encoding, too many parameters) is
			// an IllegalStateException.
			response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Malformed request parameters: " + ex.getMessage());
			return;
		}
		chain.doFilter(request, response);
	}

}
