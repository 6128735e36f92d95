package io.flushmanager.web;

import java.io.IOException;
import java.io.Writer;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.buf.MessageBytes;

/**
 * No call of this service takes a request body (a restart is a bodyless or empty-form
 * {@code POST}), so a request that carries one ({@code Content-Length} above 0, or any
 * {@code Transfer-Encoding}) is answered {@code 413} here, in Tomcat's pipeline, before a
 * filter, Spring MVC or actuator could read it, and Tomcat is told not to swallow the
 * rest: the connection closes after the answer. A client that trickles a body therefore
 * never holds a request thread, and the probes keep theirs (HELP.md, "Probes under
 * load"). A bodyless {@code POST} ({@code curl -X POST}, {@code curl -d ''}) goes
 * through.
 */
public class NoRequestBodyValve extends ValveBase {

	static final String MESSAGE = "This call takes no request body; send a bodyless POST (curl -X POST) "
			+ "or an empty form (curl -d '')";

	public NoRequestBodyValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
			// With no body, a Content-Type says nothing; dropping it lets curl -d '' (an
			// empty form) reach
			// actuator's write operations, which would otherwise answer 415 for not being
			// JSON.
			if (request.getContentLengthLong() == 0 && request.getHeader("Content-Type") != null) {
				request.getCoyoteRequest().getMimeHeaders().removeHeader("Content-Type");
				request.getCoyoteRequest().setContentType(MessageBytes.newInstance());
			}
			getNext().invoke(request, response);
			return;
		}
		// An error state that closes the connection cleanly once the answer is out,
		// without reading on.
		request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
		response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		// Written here rather than through the error page: that dispatch would run
		// filters again.
		Writer writer = response.getWriter();
		writer.write(JsonErrorReportValve.json(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, MESSAGE,
				request.getRequestURI()));
		response.finishResponse();
	}

}
