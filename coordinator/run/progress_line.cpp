#include "coordinator/run/progress_line.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace slae::coordinator {

namespace {
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);
constexpr auto kWindow = std::chrono::seconds(1);  // factor and speed are taken over this
}  // namespace

ProgressLine::ProgressLine(bool enabled)
    : out_(enabled && ::isatty(STDERR_FILENO) == 1 ? stderr : nullptr), now_(Clock::now) {}

ProgressLine::ProgressLine(std::FILE* out, int columns, std::function<Clock::time_point()> now)
    : out_(out), fixed_columns_(columns), now_(std::move(now)) {}

ProgressLine::~ProgressLine() {
  finish();
}

void ProgressLine::begin(const std::string& label, std::int64_t max_iterations, double tolerance) {
  finish();
  label_ = label;
  max_iterations_ = max_iterations;
  tolerance_ = tolerance;
  recent_.clear();
}

int ProgressLine::columns() const {
  if (fixed_columns_ > 0) return fixed_columns_;
  winsize size{};
  return ::ioctl(fileno(out_), TIOCGWINSZ, &size) == 0 && size.ws_col > 0 ? size.ws_col : 80;
}

std::string ProgressLine::text(const Sample& now) const {
  char part[96];
  std::snprintf(part, sizeof part, "%s  iteration %lld/%lld  residual %.3e", label_.c_str(),
                static_cast<long long>(now.iteration), static_cast<long long>(max_iterations_),
                now.residual);
  std::string line = part;
  // over the last second: the oldest sample drawn within it
  const Sample& then = recent_.front();
  const std::int64_t steps = now.iteration - then.iteration;
  const double seconds = std::chrono::duration<double>(now.when - then.when).count();
  if (steps > 0 && then.residual > 0.0 && now.residual > 0.0) {
    const double factor = std::pow(now.residual / then.residual, 1.0 / static_cast<double>(steps));
    std::snprintf(part, sizeof part, "  factor %.5f", factor);
    line += part;
    if (factor < 1.0 && tolerance_ > 0.0 && now.residual > tolerance_) {
      const double left = std::ceil(std::log(tolerance_ / now.residual) / std::log(factor));
      std::snprintf(part, sizeof part, "  ~%.0f left", left);
      line += part;
    }
  }
  if (steps > 0 && seconds > 0.0) {
    std::snprintf(part, sizeof part, "  %.0f it/s", static_cast<double>(steps) / seconds);
    line += part;
  }
  return fitted(std::move(line));
}

std::string ProgressLine::fitted(std::string line) const {
  // the text is ASCII but for the label, whose UTF-8 characters count one column each
  const std::size_t width = static_cast<std::size_t>(std::max(1, columns() - 1));
  std::size_t chars = 0, cut = 0;
  for (; cut < line.size(); ++cut) {
    if ((line[cut] & 0xC0) != 0x80 && chars++ == width) break;
  }
  line.resize(cut);
  return line;
}

void ProgressLine::update(std::int64_t iteration, double relative_residual) {
  if (!out_) return;
  const Sample now{now_(), iteration, relative_residual};
  if (drawn_ && !recent_.empty() && now.when - recent_.back().when < kRedrawInterval) return;
  while (!recent_.empty() && now.when - recent_.front().when > kWindow)
    recent_.pop_front();
  if (recent_.empty()) recent_.push_back(now);
  std::fprintf(out_, "\r\033[K%s", text(now).c_str());
  std::fflush(out_);
  recent_.push_back(now);
  drawn_ = true;
}

void ProgressLine::show(const std::string& text) {
  if (!out_) return;
  std::fprintf(out_, "\r\033[K%s", fitted(text).c_str());
  std::fflush(out_);
  drawn_ = true;
}

void ProgressLine::finish() {
  if (out_ && drawn_) std::fputs("\r\033[K", out_);
  drawn_ = false;
}

}  // namespace slae::coordinator
