# The runtime side of a Python warm instance, run by the machine's python3. It imports the handler
# once, then serves invokes read as frames on stdin and answers with frames on its original stdout.
# print() and logging are sent over that same channel, so the parent sees output and results in order.
# Frames (see protocol.ts and frames.ts): [u32 BE meta length][u32 BE body length][meta JSON][body bytes];
# the event and the result payload are the frame bodies.
import importlib
import json
import logging
import os
import struct
import sys
import time
import traceback

try:
    import resource
except ImportError:  # not on every platform
    resource = None

_HEADER = struct.Struct(">II")
_channel = os.fdopen(os.dup(1), "wb")
_input = sys.stdin.buffer
# Anything written to fd 1 below Python (C extensions) lands in the stderr pipe, not in the protocol.
os.dup2(2, 1)
_current_id = None


def _send(message, body=b""):
    meta = json.dumps(message).encode("utf-8")
    _channel.write(_HEADER.pack(len(meta), len(body)))
    _channel.write(meta)
    _channel.write(body)
    _channel.flush()


def _read_exact(size):
    data = _input.read(size) if size > 0 else b""
    if len(data) < size:
        return None
    return data


def _frames():
    while True:
        head = _read_exact(_HEADER.size)
        if head is None:
            return
        meta_length, body_length = _HEADER.unpack(head)
        meta = _read_exact(meta_length)
        body = _read_exact(body_length)
        if meta is None or body is None:
            return
        yield json.loads(meta.decode("utf-8")), body


class _LogStream:
    encoding = "utf-8"

    def write(self, text):
        if text:
            _send({"type": "log", "text": text})
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True


sys.stdout = _LogStream()
sys.stderr = _LogStream()


class _LambdaLogHandler(logging.Handler):
    def emit(self, record):
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + ".%03dZ" % record.msecs
        _send({"type": "log", "text": "[%s]\t%s\t%s\t%s\n" % (record.levelname, stamp, _current_id or "", self.format(record))})


logging.getLogger().addHandler(_LambdaLogHandler())


def _memory_mb():
    if resource is None:
        return 0
    return int((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + 1023) / 1024)


class _Context:
    def __init__(self, message):
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = message.get("invokedFunctionArn")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.aws_request_id = message["id"]
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = message.get("clientContext")
        self._deadline_ms = message["deadlineMs"]

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def _error_body(error_type, message, request_id, stack):
    return {"errorMessage": message, "errorType": error_type, "requestId": request_id, "stackTrace": stack}


def _load_handler(handler_string):
    try:
        module_path, function_name = handler_string.rsplit(".", 1)
    except ValueError as error:
        return None, _error_body("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (handler_string, error), "", [])
    module_name = module_path.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        return None, _error_body("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, error), "", [])
    except SyntaxError as error:
        return None, _error_body("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_name, error), "", [])
    except Exception as error:  # noqa: BLE001 - any init failure is reported, like Lambda does
        stack = traceback.format_list(traceback.extract_tb(error.__traceback__)[1:])
        return None, _error_body(type(error).__name__, str(error), "", stack)
    handler = getattr(module, function_name, None)
    if handler is None:
        return None, _error_body("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_name), "", [])
    return handler, None


def _invoke(handler, message, payload):
    global _current_id
    _current_id = message["id"]
    try:
        # Decoded as the parent used to decode it (invalid UTF-8 becomes U+FFFD), then parsed once.
        event = json.loads(payload.decode("utf-8", errors="replace")) if payload else None
        result = handler(event, _Context(message))
        try:
            answer = json.dumps(result)
        except (TypeError, ValueError) as error:
            body = _error_body("Runtime.MarshalError", "Unable to marshal response: %s" % error, message["id"], [])
            _send({"type": "error", "id": message["id"], "error": body, "memoryMb": _memory_mb()})
            return
        _send({"type": "result", "id": message["id"], "memoryMb": _memory_mb()}, answer.encode("utf-8"))
    except Exception as error:  # noqa: BLE001 - a handler error is the function's answer
        frames = traceback.extract_tb(error.__traceback__)[1:]
        body = _error_body(type(error).__name__, str(error), message["id"], traceback.format_list(frames))
        printable = "".join(traceback.format_list(frames))
        _send({"type": "log", "text": "[ERROR] %s: %s\nTraceback (most recent call last):\n%s" % (body["errorType"], body["errorMessage"], printable)})
        _send({"type": "error", "id": message["id"], "error": body, "memoryMb": _memory_mb()})
    finally:
        _current_id = None


def main():
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    sys.path.insert(0, task_root)
    os.chdir(task_root)
    handler, init_error = _load_handler(os.environ.get("_HANDLER", ""))
    if init_error is not None:
        _send({"type": "init-error", "error": init_error})
    else:
        _send({"type": "ready"})
    for message, payload in _frames():
        if message.get("type") == "invoke" and handler is not None:
            _invoke(handler, message, payload)


main()
