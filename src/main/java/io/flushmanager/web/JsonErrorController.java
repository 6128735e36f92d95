package io.flushmanager.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Replaces Spring Boot's error controller so that errors are JSON whatever the client
 * accepts (a browser would otherwise get the whitelabel HTML page).
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
public class JsonErrorController implements ErrorController {

	private final ErrorAttributes errorAttributes;

	JsonErrorController(ErrorAttributes errorAttributes) {
		this.errorAttributes = errorAttributes;
	}

	@RequestMapping
	ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
		Map<String, Object> body = this.errorAttributes.getErrorAttributes(new ServletWebRequest(request),
				ErrorAttributeOptions.defaults());
		HttpStatus status = (body.get("status") instanceof Integer code) ? HttpStatus.resolve(code) : null;
		// A preset content type skips content negotiation, so "Accept: text/html" cannot
		// turn this into a 406.
		return ResponseEntity.status((status != null) ? status : HttpStatus.INTERNAL_SERVER_ERROR)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body);
	}

}
