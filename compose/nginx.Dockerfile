# nginx for MODE=compose: the official image by default (NGINX_IMAGE; hosepipe-local/nginx:bookworm
# from compose/images.sh offline), running the nginx.conf the endpoint renders from hosepipe.yaml.
ARG NGINX_IMAGE=nginx:1.30
FROM ${NGINX_IMAGE}
RUN mkdir -p /var/cache/hosepipe-nginx/tmp
# nginx's graceful stop: workers finish their requests and the access log is complete.
STOPSIGNAL SIGQUIT
CMD ["nginx", "-c", "/run/hosepipe/nginx.conf"]
