package io.flushmanager.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.error.ErrorAttributeOptions.Include;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.server.ResponseStatusException;

/**
 * The one shape of every error body, on the application port and on a separate management
 * port alike: {@code {"timestamp","status","error","message","path"}}. A {@code 4xx} says
 * what was wrong with the request; an unexpected {@code 5xx} does not leak exception text
 * (it is in the log).
 */
public class JsonErrorAttributes extends DefaultErrorAttributes {

	private static final ErrorAttributeOptions OPTIONS = ErrorAttributeOptions.of(Include.STATUS, Include.ERROR,
			Include.MESSAGE, Include.PATH);

	@Override
	public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
		// The options asked for (server.error.include-*) are ignored on purpose: the
		// shape is part of the API.
		Map<String, Object> attributes = super.getErrorAttributes(request, OPTIONS);
		Object status = attributes.get("status");
		if (!(status instanceof Integer code) || HttpStatus.resolve(code) == null) {
			// /error called directly: no error to report, so there is nothing there.
			attributes.put("status", HttpStatus.NOT_FOUND.value());
			attributes.put("error", HttpStatus.NOT_FOUND.getReasonPhrase());
			attributes.put("message", "No such resource");
			status = HttpStatus.NOT_FOUND.value();
		}
		Throwable error = getError(request);
		if (status instanceof Integer code && code >= 500 && error != null
				&& !(error instanceof ResponseStatusException)) {
			attributes.put("message", "Internal error; the flush-manager log has the details");
		}
		Map<String, Object> ordered = new LinkedHashMap<>();
		for (String key : new String[] { "timestamp", "status", "error", "message", "path" }) {
			ordered.put(key, attributes.get(key));
		}
		return ordered;
	}

}
