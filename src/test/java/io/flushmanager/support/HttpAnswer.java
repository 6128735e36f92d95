package io.flushmanager.support;

import java.net.http.HttpHeaders;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP answer.
 *
 * @param status the status code
 * @param headers the headers
 * @param body the body as text
 */
public record HttpAnswer(int status, HttpHeaders headers, String body) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The body parsed as JSON.
	 * @return the tree
	 */
	public JsonNode json() {
		return JSON.readTree(this.body);
	}

	/**
	 * The {@code Content-Type} header.
	 * @return the value, or an empty string
	 */
	public String contentType() {
		return this.headers.firstValue("Content-Type").orElse("");
	}

	@Override
	public String toString() {
		return this.status + " " + this.body;
	}

}
