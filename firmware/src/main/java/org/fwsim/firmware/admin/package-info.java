/**
 * Administrators of one appliance: {@code config system admin} and {@code accprofile} read as typed
 * values, the global admin settings, and the authenticator every management plane (SSH, HTTPS) asks
 * before it lets a session in. No IO: the planes own the sockets.
 */
package org.fwsim.firmware.admin;
