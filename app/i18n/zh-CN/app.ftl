# 简体中文（默认）。面向群众的文字：短句、口语、先说结论。

## 站点
site-title = 民政自助服务
bureau-name = 示范市民政局
skip-to-content = 跳到主要内容
nav-language-label = 选择语言
elder-mode-on = 长辈版（大字）
elder-mode-off = 返回标准版
footer-contact = 联系我们
footer-staff = 工作人员入口
footer-hotline = 政务服务便民热线：12345
footer-note = 本网站免费办理，不收取任何费用。请勿向任何人透露您的查询码。

## 首页
home-heading = 民政服务，网上就能办
home-intro = 查看能享受哪些救助，在线申请，预约婚姻登记，随时查看办理进度。
home-services-label = 服务列表
service-eligibility-title = 查一查能领哪些补助
service-eligibility-description = 回答几个问题，看看您家能否享受低保、特困供养、临时救助、残疾人两项补贴、高龄津贴等，以及大概能领多少、依据是什么。无需登录。
service-apply-title = 申请社会救助
service-apply-description = 在线填写申请，签署诚信承诺书。申报情况与核对结果一致的，可以免去入户调查，办理时间更短。
service-marriage-title = 预约婚姻登记
service-marriage-description = 结婚登记、离婚登记、补领证件，可以预约全国任意一个婚姻登记处，不需要户口簿。
service-track-title = 查询办理进度
service-track-description = 用受理编号和查询码，查看申请办到了哪一步、什么时候办结。
home-help-title = 需要帮助？
home-help-body = 不会操作、看不懂，或者想问政策，可以给我们留言，工作人员会打电话回复您。
home-help-link = 给民政局留言
staff-entry-title = 工作人员入口
staff-entry-link = 民政工作人员登录
staff-entry-description = 供乡镇（街道）和县级民政工作人员受理、审核、公示和审批申请。

## 尚未开通的服务
pending-title = 本项服务暂未开通网上办理
pending-body = 我们正在建设这项服务，开通前暂时不能在网上办理。您仍然可以通过下面的方式办理。
pending-alternatives-title = 现在可以这样办
pending-alternative-hall = 到户籍地或居住地的乡镇（街道）便民服务大厅办理
pending-alternative-phone = 拨打政务服务便民热线 12345 咨询
pending-alternative-contact = 在网上给民政局留言
back-home = 返回首页

## 404
not-found-title = 找不到这个页面
not-found-body = 网址可能输错了，或者页面已经移走。请检查网址，或者从首页重新进入。

## 联系我们
contact-title = 给民政局留言
contact-intro = 请留下您的姓名和手机号码，写清楚想问的问题。工作人员会在工作时间打电话回复您。
contact-name-label = 姓名
contact-name-hint = 请填写您的真实姓名，例如：张三、阿依古丽·买买提
contact-mobile-label = 手机号码
contact-mobile-hint = 11 位手机号码，工作人员会打这个号码联系您
contact-message-label = 留言内容
contact-message-hint = 最多 1000 字。请不要填写身份证号码、银行卡号等信息。
contact-submit = 提交留言
contact-sending = 正在提交…
contact-privacy = 您的手机号码会加密保存，只用于回复这条留言。
contact-sent-title = 留言已提交
contact-sent-reference = 您的留言编号
contact-sent-next-title = 接下来
contact-sent-next-body = 工作人员会在工作时间打电话回复您。来电时请说出留言编号。如果一直没有接到电话，可以拨打 12345 查询。

## 通用错误
err-summary-title = 请先修改下面的问题
err-prefix = 错误：
err-title-prefix = 有错误：
err-request-malformed = 提交的内容无法识别，请刷新页面后重新填写。
err-field-required = 请填写此项
err-idempotency-key = 表单已过期，请刷新页面后重新提交。
err-idempotency-conflict = 这份表单已经提交过了。如需再次提交，请刷新页面重新填写。
err-forbidden = 请求被拒绝。请直接在本网站上操作，不要从其他网站的链接提交。
err-rate-limited = 操作太频繁，请稍等几分钟再试。
err-network = 网络连接失败，请检查网络后再点一次提交。您填写的内容不会丢失。
err-internal = 系统出了点问题，请稍后再试。如需帮助，请拨打 12345 并告知错误编号：{ $ref }

## 手机号码
err-mobile-empty = 请填写手机号码
err-mobile-invalid-character = 手机号码只能包含数字
err-mobile-wrong-length = 手机号码应为 11 位数字
err-mobile-not-mobile = 请填写以 13 到 19 开头的手机号码

## 姓名
err-name-empty = 请填写姓名
err-name-too-short = 请填写完整的姓名
err-name-too-long = 姓名最多 { $max } 个字
err-name-invalid-character = 姓名只能包含汉字、字母和间隔号“·”
err-name-mixed-script = 姓名请只用汉字，或只用字母
err-name-misplaced-separator = 间隔号“·”只能写在两个字中间，而且不能连写

## 留言内容
err-message-empty = 请填写留言内容
err-message-too-long = 留言最多 { $max } 字，请删减一些
err-message-invalid-character = 留言中有无法显示的特殊字符，请删除后重试
