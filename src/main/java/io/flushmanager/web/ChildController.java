package io.flushmanager.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.flushmanager.child.ChildControl;
import io.flushmanager.child.ChildStatus;
import io.flushmanager.child.RestartResult;

/**
 * {@code GET /api/child} (state and history of the child) and
 * {@code POST /api/child/restart}.
 */
@RestController
public class ChildController {

	private final ChildControl child;

	private final ManualRestart restart;

	ChildController(ChildControl child, ManualRestart restart) {
		this.child = child;
		this.restart = restart;
	}

	@GetMapping("/api/child")
	ChildStatus child() {
		return this.child.status();
	}

	@PostMapping("/api/child/restart")
	RestartResult restart(HttpServletRequest request) {
		return this.restart.run("POST /api/child/restart from " + request.getRemoteAddr());
	}

}
