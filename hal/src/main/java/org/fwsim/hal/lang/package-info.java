/** Small helpers the language lacks, used by every module and depending on nothing of fwsim. */
package org.fwsim.hal.lang;
