# Shared by the bench scripts that use an S3 blob store (sourced; they set $work and clean it up).
# `start_s3 NAME` starts S3Proxy 4.1.0 (filesystem backend, data in $work/NAME/data, pid in
# $work/NAME/pid for the caller's trap) on a free loopback port, creates the bucket `bench`,
# exports the credentials for the AWS SDK and prints the endpoint URL once it listens.
start_s3() {
  local jar port
  jar=$(find ~/.m2/repository/org/gaul/s3proxy/4.1.0 -name 's3proxy-4.1.0-jar-with-dependencies.jar' 2>/dev/null | head -1)
  [ -n "$jar" ] || (cd "$here" && mvn -q -B dependency:get -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies >&2)
  jar=$(find ~/.m2/repository/org/gaul/s3proxy/4.1.0 -name 's3proxy-4.1.0-jar-with-dependencies.jar' | head -1)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$work/$1/data/bench"   # the filesystem provider's bucket is a folder
  cat > "$work/$1/conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$work/$1/data
CONF
  java -Xmx512m -jar "$jar" --properties "$work/$1/conf" > "$work/$1/log" 2>&1 &
  echo $! > "$work/$1/pid"
  until (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do sleep 0.1; done
  echo "http://127.0.0.1:$port"
}
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret
