/// The words of the audit trail: what each recorded action is called in Chinese, grouped by
/// the area of work it belongs to, and what each kind of target is. The trail itself stores
/// stable codes (`report.sign`, `unit`), which the hash chain seals and the API returns; the
/// audit browser, its filter and every page's change history read them through this.
public enum AuditVocabulary {
    public struct Action: Equatable, Sendable {
        public let code: String
        public let title: String
    }

    /// One area of work: its actions share a code prefix, so filtering by the area is filtering
    /// by that prefix.
    public struct Area: Equatable, Sendable {
        public let title: String
        /// Every action code of the area starts with one of these.
        public let prefixes: [String]
        public let actions: [Action]
    }

    public static let areas: [Area] = [
        Area(
            title: "登录与账户", prefixes: ["login", "logout", "session.", "user.", "display."],
            actions: [
                Action(code: "login", title: "登录"),
                Action(code: "logout", title: "退出登录"),
                Action(code: "session.expire", title: "会话到期"),
                Action(code: "user.create", title: "新建账户"),
                Action(code: "user.update", title: "修改账户"),
                Action(code: "user.password", title: "修改密码"),
                Action(code: "user.unlock", title: "解除锁定"),
                Action(code: "display.code", title: "生成大屏启用码"),
                Action(code: "display.revoke", title: "停用值班大屏"),
            ]),
        Area(
            title: "单位与通讯录", prefixes: ["unit.", "person.", "directory.", "export.", "policy."],
            actions: [
                Action(code: "unit.create", title: "新建单位"),
                Action(code: "unit.update", title: "修改单位"),
                Action(code: "unit.deactivate", title: "停用单位"),
                Action(code: "person.create", title: "新增人员"),
                Action(code: "person.update", title: "修改人员"),
                Action(code: "person.verify", title: "核实无误"),
                Action(code: "person.deactivate", title: "停用人员"),
                Action(code: "directory.import", title: "导入通讯录"),
                Action(code: "export.csv", title: "导出通讯录表格"),
                Action(code: "export.vcard", title: "导出通讯录名片"),
                Action(code: "policy.set", title: "设定报送时限"),
            ]),
        Area(
            title: "事件与报告", prefixes: ["incident.", "attachment.", "report.", "alarm."],
            actions: [
                Action(code: "incident.create", title: "接报登记"),
                Action(code: "incident.attach", title: "并入同一事件"),
                Action(code: "incident.notified", title: "记录电话报告"),
                Action(code: "incident.response_end", title: "应急响应结束"),
                Action(code: "attachment.add", title: "上传附件"),
                Action(code: "report.create", title: "起草报告"),
                Action(code: "report.request_signoff", title: "送领导签发"),
                Action(code: "report.sign", title: "签发"),
                Action(code: "report.submit", title: "报送"),
                Action(code: "report.approve", title: "核准"),
                Action(code: "report.acknowledge", title: "签收"),
                Action(code: "report.return", title: "退回修改"),
                Action(code: "report.correct", title: "修改报告"),
                Action(code: "report.print", title: "打印报告"),
                Action(code: "alarm.warning", title: "时限即将到期提醒"),
                Action(code: "alarm.due", title: "时限已超时告警"),
            ]),
        Area(
            title: "值班排班", prefixes: ["roster.", "training.", "absence.add", "calendar."],
            actions: [
                Action(code: "roster.edit", title: "编排值班表"),
                Action(code: "roster.autofill", title: "自动排班"),
                Action(code: "roster.file", title: "报送值班表"),
                Action(code: "roster.export", title: "导出值班表"),
                Action(code: "roster.settings", title: "修改班次设置"),
                Action(code: "roster.feed.rotate", title: "更换日历订阅链接"),
                Action(code: "roster.swap.request", title: "申请调班"),
                Action(code: "roster.swap.accept", title: "同意调班"),
                Action(code: "roster.swap.decline", title: "拒绝调班"),
                Action(code: "roster.swap.approve", title: "批准调班"),
                Action(code: "roster.swap.reject", title: "驳回调班"),
                Action(code: "roster.swap.cancel", title: "撤回调班"),
                Action(code: "training.add", title: "登记培训"),
                Action(code: "absence.add", title: "登记请假外出"),
                Action(code: "calendar.enter", title: "录入节假日安排"),
            ]),
        Area(
            title: "值班台", prefixes: ["dutylog.", "handover.", "rollcall.", "absence.create", "absence.update", "absence.return"],
            actions: [
                Action(code: "dutylog.create", title: "登记值班日志"),
                Action(code: "dutylog.update", title: "修改值班日志"),
                Action(code: "dutylog.classified", title: "值班日志标为密件"),
                Action(code: "dutylog.export", title: "导出值班日志"),
                Action(code: "dutylog.incident", title: "来电转为事件接报"),
                Action(code: "handover.create", title: "交班"),
                Action(code: "handover.confirm", title: "确认交接班"),
                Action(code: "handover.item.close", title: "办结交接事项"),
                Action(code: "rollcall.start", title: "发起点名"),
                Action(code: "rollcall.answer", title: "应答点名"),
                Action(code: "rollcall.schedule", title: "设定定时点名"),
                Action(code: "absence.create", title: "报备领导外出"),
                Action(code: "absence.update", title: "变更外出安排"),
                Action(code: "absence.return", title: "销假"),
            ]),
        Area(
            title: "系统", prefixes: ["demo."],
            actions: [
                Action(code: "demo.load", title: "载入演示数据"),
                Action(code: "demo.reset", title: "重置演示数据"),
            ]),
    ]

    private static let titles: [String: String] = {
        var t: [String: String] = [:]
        for area in areas { for a in area.actions { t[a.code] = a.title } }
        return t
    }()

    /// The action's Chinese name, or nil for a code this version does not know.
    public static func title(ofAction code: String) -> String? { titles[code] }

    /// The area an action belongs to.
    public static func area(ofAction code: String) -> Area? {
        areas.first { area in area.actions.contains { $0.code == code } }
    }

    public static let targets: [String: String] = [
        "unit": "单位", "person": "人员", "user": "账户", "session": "会话", "incident": "事件", "report": "报告",
        "duty_log": "值班日志", "handover": "交接班", "handover_item": "交接事项", "roll_call": "点名", "absence": "外出报备",
        "calendar": "节假日安排", "system": "系统",
    ]

    /// The kind of target in Chinese, or nil for a type this version does not know.
    public static func title(ofTarget type: String) -> String? { targets[type] }
}
