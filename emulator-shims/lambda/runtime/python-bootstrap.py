# The runtime side of a Python warm instance, run by the machine's python3. It imports the handler
# once, then serves invokes read as frames on stdin and answers with frames on its original stdout.
# print() and logging are sent over that same channel, so the parent sees output and results in order.
# Frames (see protocol.ts and frames.ts): [u32 BE meta length][u32 BE body length][meta JSON][body bytes];
# the event and the result payload are the frame bodies.
import importlib
import importlib.abc
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


def _service_env_name(service_name):
    return service_name.upper().replace("-", "_").replace(" ", "_")


def _point_botocore_at_endpoint(session_module):
    # botocore reads AWS_ENDPOINT_URL itself from 1.31 (boto3 1.28) on; an older one (Debian's 1.29) is
    # taught here: every client it creates without an endpoint of its own gets the local one, S3 path-style.
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        return
    provider = sys.modules.get("botocore.configprovider")
    if provider is not None and hasattr(provider, "ConfiguredEndpointProvider"):
        return
    session_class = session_module.Session
    create_client = session_class.create_client

    def create_client_at_endpoint(self, service_name, *args, **kwargs):
        if not args[4:5] and kwargs.get("endpoint_url") is None:
            kwargs["endpoint_url"] = os.environ.get("AWS_ENDPOINT_URL_" + _service_env_name(service_name), endpoint)
        if service_name == "s3" and not args[8:9]:
            from botocore.config import Config

            given = kwargs.get("config")
            s3 = dict(getattr(given, "s3", None) or {})
            s3.setdefault("addressing_style", "path")
            kwargs["config"] = Config(s3=s3) if given is None else given.merge(Config(s3=s3))
        return create_client(self, service_name, *args, **kwargs)

    session_class.create_client = create_client_at_endpoint


class _EndpointOnImport(importlib.abc.MetaPathFinder):
    # Whatever botocore the function imports (this machine's, or one vendored in its zip or a layer), it is
    # pointed at the endpoint the moment its session module has run.
    def find_spec(self, fullname, path, target=None):
        if fullname != "botocore.session":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run = loader.exec_module

        def exec_module(module):
            run(module)
            _point_botocore_at_endpoint(module)

        loader.exec_module = exec_module
        return spec


# Lambda's Python runtimes include boto3 and botocore; a machine's python3 may not.
_RUNTIME_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3")


def _missing_runtime_package_hint(error):
    name = (getattr(error, "name", None) or "").split(".")[0]
    if name not in _RUNTIME_PACKAGES:
        return None
    package = "boto3" if name in ("boto3", "botocore", "s3transfer", "jmespath") else name
    return (
        "hosepipe: the function imports %s, which Lambda's Python runtime provides, but this machine's python (%s, %s) "
        "does not have it: install it (Debian: apt-get install python3-%s; or pip install %s), or vendor it in the "
        "function's zip or a layer\n" % (name, sys.executable, sys.version.split()[0], package, package)
    )


def _load_handler(handler_string):
    try:
        module_path, function_name = handler_string.rsplit(".", 1)
    except ValueError as error:
        return None, _error_body("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (handler_string, error), "", [])
    module_name = module_path.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        hint = _missing_runtime_package_hint(error)
        if hint is not None:
            _send({"type": "log", "text": hint})
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


def _layer_paths():
    # Where Lambda's Python runtimes look in /opt, after the task root: the runtime's own site-packages, then python/.
    opt = os.environ.get("HOSEPIPE_OPT_DIR")
    if not opt:
        return []
    version = os.environ.get("AWS_EXECUTION_ENV", "").replace("AWS_Lambda_python", "")
    return [os.path.join(opt, "python", "lib", "python" + version, "site-packages"), os.path.join(opt, "python")]


def main():
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    sys.path[0:0] = [task_root] + _layer_paths()
    os.chdir(task_root)
    sys.meta_path.insert(0, _EndpointOnImport())
    handler, init_error = _load_handler(os.environ.get("_HANDLER", ""))
    if init_error is not None:
        _send({"type": "log", "text": "[ERROR] %s: %s\n" % (init_error["errorType"], init_error["errorMessage"])})
        _send({"type": "init-error", "error": init_error})
    else:
        _send({"type": "ready"})
    for message, payload in _frames():
        if message.get("type") == "invoke" and handler is not None:
            _invoke(handler, message, payload)


main()
