/**
 * The FortiOS REST API of one appliance, without IO: a {@link org.fwsim.firmware.rest.RestRequest}
 * in, a {@link org.fwsim.firmware.rest.RestResponse} out, on the appliance's mailbox. {@code
 * /api/v2/cmdb/...} is generic over the CLI schema and writes through a CLI session, so the REST
 * API and the CLI share one commit and validation path. The HTTPS edge lives in the testbench.
 */
package org.fwsim.firmware.rest;
