package io.flushmanager.actuator;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.flushmanager.child.ChildControl;
import io.flushmanager.child.ChildStatus;
import io.flushmanager.child.RestartResult;
import io.flushmanager.web.ManualRestart;

/**
 * {@code /actuator/restart}: GET shows the child's state and restart history, POST
 * restarts the child.
 * <p>
 * spring-cloud-context has an endpoint with the same id (it restarts the whole Spring
 * context). Its auto-configuration, {@code RefreshEndpointAutoConfiguration}, is excluded
 * in {@code application.yaml}, so this is the only {@code restart} endpoint, whatever
 * {@code management.endpoint(s).*.access} says.
 */
@Endpoint(id = "restart", defaultAccess = Access.UNRESTRICTED)
public class RestartEndpoint {

	static final String HOW_TO_RESTART = "POST /actuator/restart (or POST /api/child/restart) restarts the child; "
			+ "with flush-manager.security.token set, send Authorization: Bearer <token>";

	private final ChildControl child;

	private final ManualRestart restart;

	public RestartEndpoint(ChildControl child, ManualRestart restart) {
		this.child = child;
		this.restart = restart;
	}

	@ReadOperation
	public View status() {
		return new View(this.child.status(), HOW_TO_RESTART);
	}

	@WriteOperation
	public RestartResult restart() {
		return this.restart.run("POST /actuator/restart" + caller());
	}

	private static String caller() {
		// Endpoint operations get no request parameter; over HTTP, Spring MVC still binds
		// the request here.
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet)
				? " from " + servlet.getRequest().getRemoteAddr() : "";
	}

	/**
	 * The body of {@code GET /actuator/restart}: {@code GET /api/child}'s fields and a
	 * note on restarting.
	 *
	 * @param child the child's status, written inline
	 * @param restart how to restart it
	 */
	public record View(@JsonUnwrapped ChildStatus child, String restart) {

	}

}
