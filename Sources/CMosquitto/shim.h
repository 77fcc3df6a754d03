#ifndef CLOSETD_CMOSQUITTO_SHIM_H
#define CLOSETD_CMOSQUITTO_SHIM_H
#include <mosquitto.h>
#endif
