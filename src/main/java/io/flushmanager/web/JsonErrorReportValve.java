package io.flushmanager.web;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report for what never reaches the application (a request line Tomcat
 * refuses, such as an unencoded space or {@code [} in the query), written as the same
 * JSON as every other error instead of Tomcat's HTML page.
 */
public class JsonErrorReportValve extends ErrorReportValve {

	public JsonErrorReportValve() {
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// Errors that went through the application already have their JSON body.
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String message = (response.getMessage() != null) ? response.getMessage()
				: (status < 500) ? "The request could not be understood" : "Internal error";
		String body = json(status, message, request.getRequestURI());
		try {
			response.setContentType("application/json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response cannot take a body: nothing more to say.
		}
	}

	/**
	 * The JSON error body every error of this service has.
	 * @param status the status code
	 * @param message what went wrong
	 * @param path the request's path, or {@code null}
	 * @return the body
	 */
	static String json(int status, String message, String path) {
		HttpStatus known = HttpStatus.resolve(status);
		String error = (known != null) ? known.getReasonPhrase() : "Error";
		return "{\"timestamp\":\"" + Instant.now() + "\",\"status\":" + status + ",\"error\":" + quote(error)
				+ ",\"message\":" + quote(message) + ",\"path\":" + ((path != null) ? quote(path) : "null") + "}";
	}

	static String quote(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

}
